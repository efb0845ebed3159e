package io.cachesync.consistency.run;

import io.cachesync.consistency.faults.FaultKind;
import io.cachesync.consistency.history.FaultEvent;
import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import io.cachesync.consistency.run.StoreOfRecord.Stored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docs/consistency.md: "without AOF, a Redis restart loses unflushed entries", and a failover loses
 * what the killed master had not replicated yet. An acknowledged write-behind change that had not
 * been flushed when a Redis restart or a failover began is therefore counted as of unknown outcome,
 * not as a lost write (which of them the replica had is not known to the checker). A change counts
 * as flushed once the store received it, or any change of its key begun after it (a batch coalesces
 * a key's writes into the newest).
 */
final class DeclaredLosses {
  private DeclaredLosses() {}

  /** The operations with such changes marked {@link Outcome#UNKNOWN}, in the same order. */
  static List<Op> apply(
      List<Op> ops, List<FaultEvent> faults, Set<String> writeBehindCaches, StoreOfRecord store) {
    List<Long> restarts =
        faults.stream()
            .filter(
                f ->
                    f.kind().equals(FaultKind.REDIS_RESTART.label())
                        || f.kind().equals(FaultKind.FAILOVER.label()))
            .map(FaultEvent::startNanos)
            .toList();
    Map<String, List<Op>> changesByKey = new HashMap<>();
    Map<String, Op> byValue = new HashMap<>();
    for (Op op : ops) {
      if (!op.isChange() || !writeBehindCaches.contains(op.cache())) continue;
      changesByKey.computeIfAbsent(op.cache() + "/" + op.key(), k -> new ArrayList<>()).add(op);
      if (op.kind() == OpKind.WRITE) byValue.put(op.value(), op);
    }
    List<Op> out = new ArrayList<>(ops.size());
    for (Op op : ops) {
      boolean lost =
          op.isChange()
              && op.outcome() == Outcome.OK
              && writeBehindCaches.contains(op.cache())
              && restarts.stream()
                  .anyMatch(
                      r -> r > op.invokeNanos() && !flushed(op, r, changesByKey, byValue, store));
      out.add(
          lost
              ? op.unknown("lost in a Redis restart or failover before its flush (declared)")
              : op);
    }
    return out;
  }

  /** Whether the store received, before {@code restart}, this change or a later one of its key. */
  private static boolean flushed(
      Op change,
      long restart,
      Map<String, List<Op>> changesByKey,
      Map<String, Op> byValue,
      StoreOfRecord store) {
    String key = change.cache() + "/" + change.key();
    for (Stored s : store.storedFor(key)) {
      if (s.nanos() <= change.invokeNanos() || s.nanos() >= restart) continue;
      if (s.value() != null) {
        Op producer = byValue.get(s.value());
        if (producer != null && producer.invokeNanos() >= change.invokeNanos()) return true;
        continue;
      }
      for (Op c : changesByKey.getOrDefault(key, List.of())) {
        if (c.kind() == OpKind.DELETE
            && c.invokeNanos() >= change.invokeNanos()
            && c.invokeNanos() < s.nanos()) {
          return true;
        }
      }
    }
    return false;
  }

  static long count(List<Op> before, List<Op> after) {
    long n = 0;
    for (int i = 0; i < before.size(); i++) if (before.get(i) != after.get(i)) n++;
    return n;
  }
}
