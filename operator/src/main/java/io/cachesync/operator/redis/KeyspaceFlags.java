package io.cachesync.operator.redis;

import io.cachesync.operator.model.KeyspaceEvent;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code notify-keyspace-events} flags a set of events needs, and merging without removing. */
public final class KeyspaceFlags {
  /** 'A' stands for all of these in Redis. */
  private static final String ALL = "g$lshzxetd";

  private KeyspaceFlags() {}

  /** E (keyevent channels) and one flag per event class, e.g. {@code Exg$}. */
  public static String required(Collection<KeyspaceEvent> events) {
    Set<Character> flags = new LinkedHashSet<>();
    flags.add('E');
    for (KeyspaceEvent e : events) flags.add(e.flag());
    StringBuilder b = new StringBuilder();
    flags.forEach(b::append);
    return b.toString();
  }

  /** The flags of {@code required} that {@code current} lacks ('A' covers g$lshzxetd). */
  public static String missing(String required, String current) {
    StringBuilder b = new StringBuilder();
    for (char f : required.toCharArray()) {
      boolean has = current.indexOf(f) >= 0 || (current.indexOf('A') >= 0 && ALL.indexOf(f) >= 0);
      if (!has) b.append(f);
    }
    return b.toString();
  }

  /** {@code current} plus {@code add}: nothing that was set is ever removed. */
  public static String merge(String current, String add) {
    return current + add;
  }

  /** {@code current} with 'A' spelled out as the flags it stands for, so one can be removed. */
  public static String expand(String current) {
    return current.replace("A", ALL);
  }

  /** {@code current} without any flag of {@code remove}. */
  public static String without(String current, String remove) {
    StringBuilder b = new StringBuilder();
    for (char f : current.toCharArray()) if (remove.indexOf(f) < 0) b.append(f);
    return b.toString();
  }

  /** The flags of {@code a} that {@code b} holds too, in {@code a}'s order. */
  public static String common(String a, String b) {
    StringBuilder out = new StringBuilder();
    for (char f : a.toCharArray()) if (b.indexOf(f) >= 0) out.append(f);
    return out.toString();
  }

  /** {@code a} followed by the flags of {@code b} it lacks. */
  public static String union(String a, String b) {
    StringBuilder out = new StringBuilder(a);
    for (char f : b.toCharArray()) if (out.indexOf(String.valueOf(f)) < 0) out.append(f);
    return out.toString();
  }
}
