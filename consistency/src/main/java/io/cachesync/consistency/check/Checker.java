package io.cachesync.consistency.check;

import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import io.cachesync.consistency.history.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds every read against docs/consistency.md: a read that begins more than the bound after a
 * change of its key completed never returns a value that change replaced.
 *
 * <p>Per key: a read that returned value {@code v} names the write {@code W} of {@code v} (values
 * are unique per write). A change {@code C} replaced {@code W} if it began after {@code W}
 * completed, so every client saw {@code W} before {@code C}. The read is stale if such a {@code C}
 * completed more than the bound before the read began. Writes that overlap each other in time,
 * writes concurrent with the read, and writes of unknown outcome never replace anything, so each of
 * them stays an allowed answer. A miss is always allowed (a cache may forget). A stale read is
 * exempt, and counted apart, when a window the sidecars declared explains it: one that overlaps the
 * replacing change's propagation (its invocation to its completion plus the bound) and ended less
 * than the bound before the read began, or one of the read's own sidecar during the read. The
 * largest staleness is taken over the reads outside declared windows.
 */
public final class Checker {
  private final long boundNanos;

  public Checker(Duration bound) {
    this.boundNanos = bound.toNanos();
  }

  public Verdict check(List<Op> ops, List<Window> windows) {
    List<Violation> violations = new ArrayList<>();
    long checked = 0;
    long exempt = 0;
    Staleness stalest = null;
    Map<String, Long> byCache = new HashMap<>();
    for (List<Op> keyOps : byKey(ops).values()) {
      Map<String, Op> writes = new HashMap<>();
      List<Op> changes = new ArrayList<>();
      for (Op op : keyOps) {
        if (!op.isChange() || op.outcome() == Outcome.FAIL) continue;
        changes.add(op);
        if (op.kind() == OpKind.WRITE) writes.put(op.value(), op);
      }
      for (Op read : keyOps) {
        if (read.kind() != OpKind.READ || read.outcome() != Outcome.OK || read.value() == null) {
          continue;
        }
        checked++;
        Op write = writes.get(read.value());
        if (write == null) {
          violations.add(
              new Violation(
                  Violation.Kind.UNKNOWN_VALUE, read, null, 0, "no write wrote " + read.value()));
          continue;
        }
        if (write.invokeNanos() > read.completeNanos()) {
          violations.add(
              new Violation(
                  Violation.Kind.FUTURE_VALUE,
                  read,
                  write,
                  0,
                  read.value() + " was written only after the read returned"));
          continue;
        }
        ReadVerdict v = judge(read, write, changes, windows);
        if (v.violation != null) violations.add(v.violation);
        else if (v.exempt) exempt++;
        if (!v.exempt && v.staleness != null) {
          if (stalest == null || v.staleness.nanos() > stalest.nanos()) stalest = v.staleness;
          byCache.merge(read.cache(), v.staleness.nanos(), Math::max);
        }
      }
    }
    return new Verdict(violations, checked, exempt, stalest, byCache);
  }

  /** {@code staleness} null: no change had replaced the value when the read began. */
  private record ReadVerdict(Staleness staleness, boolean exempt, Violation violation) {}

  private ReadVerdict judge(Op read, Op write, List<Op> changes, List<Window> windows) {
    if (write.outcome() != Outcome.OK) return new ReadVerdict(null, false, null);
    if (degradedDuring(read, windows)) {
      // served while its own sidecar declared it may be stale: exempt if stale at all
      boolean stale =
          changes.stream()
              .anyMatch(
                  c ->
                      c != write
                          && c.outcome() == Outcome.OK
                          && c.invokeNanos() > write.completeNanos()
                          && c.completeNanos() < read.invokeNanos());
      return new ReadVerdict(null, stale, null);
    }
    Staleness staleness = null;
    Op unexcused = null;
    boolean excused = false;
    for (Op c : changes) {
      if (c == write || c.outcome() != Outcome.OK || c.invokeNanos() <= write.completeNanos()) {
        continue; // not known to come after the write
      }
      long behind = read.invokeNanos() - c.completeNanos();
      if (behind > 0 && (staleness == null || behind > staleness.nanos())) {
        staleness = new Staleness(read, c, behind);
      }
      if (c.completeNanos() + boundNanos >= read.invokeNanos()) continue; // within the bound
      if (explained(read, c, windows)) excused = true;
      else if (unexcused == null || c.completeNanos() < unexcused.completeNanos()) unexcused = c;
    }
    if (unexcused != null) {
      long late = read.invokeNanos() - unexcused.completeNanos();
      return new ReadVerdict(
          staleness,
          false,
          new Violation(
              Violation.Kind.STALE_READ,
              read,
              unexcused,
              late,
              "read "
                  + read.value()
                  + ", which op "
                  + unexcused.id()
                  + " replaced "
                  + (late / 1_000_000)
                  + " ms before the read began (bound "
                  + (boundNanos / 1_000_000)
                  + " ms)"));
    }
    return new ReadVerdict(staleness, excused, null);
  }

  private static boolean degradedDuring(Op read, List<Window> windows) {
    for (Window w : windows) {
      if (w.process() == read.process() && w.overlaps(read.invokeNanos(), read.completeNanos())) {
        return true;
      }
    }
    return false;
  }

  /** A window of any sidecar during the change's propagation, over less than the bound ago. */
  private boolean explained(Op read, Op change, List<Window> windows) {
    for (Window w : windows) {
      if (w.overlaps(change.invokeNanos(), change.completeNanos() + boundNanos)
          && read.invokeNanos() <= w.endNanos() + boundNanos) {
        return true;
      }
    }
    return false;
  }

  /** Operations grouped by {@code cache/key}, each group in invocation order. */
  static Map<String, List<Op>> byKey(List<Op> ops) {
    Map<String, List<Op>> byKey = new LinkedHashMap<>();
    for (Op op : ops) {
      byKey.computeIfAbsent(op.cache() + "/" + op.key(), k -> new ArrayList<>()).add(op);
    }
    return byKey;
  }
}
