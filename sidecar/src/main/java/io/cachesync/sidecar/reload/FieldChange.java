package io.cachesync.sidecar.reload;

import io.cachesync.sidecar.config.Durations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One field that differs between the running config and the file, named by its path in the file
 * ({@code redis.url}, {@code caches[books].l2.prefix}). Found by walking the config records, so a
 * field added to a record later is compared without anyone remembering to.
 */
public record FieldChange(String path, Object before, Object after) {

  /** The fields that differ between {@code a} and {@code b}, records of one type, in order. */
  public static List<FieldChange> between(String path, Record a, Record b) {
    return between(path, a, b, Set.of());
  }

  /**
   * As {@link #between(String, Record, Record)}, skipping the top-level components {@code skip}.
   */
  public static List<FieldChange> between(String path, Record a, Record b, Set<String> skip) {
    if (a.getClass() != b.getClass()) {
      throw new IllegalArgumentException(a.getClass() + " vs " + b.getClass());
    }
    List<FieldChange> out = new ArrayList<>();
    for (RecordComponent c : a.getClass().getRecordComponents()) {
      if (skip.contains(c.getName())) continue;
      String p = path.isEmpty() ? c.getName() : path + "." + c.getName();
      Object x = read(c, a);
      Object y = read(c, b);
      if (x instanceof Record rx && y instanceof Record ry && rx.getClass() == ry.getClass()) {
        out.addAll(between(p, rx, ry));
      } else if (!Objects.equals(x, y)) {
        out.add(new FieldChange(p, x, y));
      }
    }
    return out;
  }

  /** The same change, named under {@code parent}: {@code ttl} becomes {@code caches[books].ttl}. */
  public FieldChange under(String parent) {
    return new FieldChange(parent + "." + path, before, after);
  }

  /** For log lines: {@code caches[books].ttl 10m -> 1m}. */
  @Override
  public String toString() {
    return path + " " + show(before) + " -> " + show(after);
  }

  private static String show(Object v) {
    if (v == null) return "(unset)";
    if (v instanceof Duration d) return Durations.format(d);
    return String.valueOf(v);
  }

  private static Object read(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
    }
  }
}
