package io.cachesync.consistency.check;

import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Write-behind's promise once its streams are drained: the store holds each key's last acknowledged
 * write or delete, so nothing acknowledged was lost or overtaken by an older write. Changes that
 * overlap in time may end in either order, and a change of unknown outcome may have landed last, so
 * each of those is an allowed end state too.
 */
public final class FinalStateCheck {
  private FinalStateCheck() {}

  /**
   * @param ops the operations on the write-behind caches
   * @param store the store's final rows by {@code cache/key} (absent: no row)
   */
  public static List<Violation> check(List<Op> ops, Map<String, String> store) {
    List<Violation> violations = new ArrayList<>();
    for (Map.Entry<String, List<Op>> e : Checker.byKey(ops).entrySet()) {
      List<Op> changes =
          e.getValue().stream()
              .filter(op -> op.isChange() && op.outcome() != Outcome.FAIL)
              .toList();
      if (changes.isEmpty()) continue;
      Set<String> allowed = new HashSet<>();
      Op lastAcknowledged = null;
      boolean anyAcknowledged = false;
      for (Op c : changes) {
        if (c.outcome() == Outcome.OK) anyAcknowledged = true;
        if (replaced(c, changes)) continue;
        allowed.add(c.kind() == OpKind.WRITE ? c.value() : null);
        if (c.outcome() == Outcome.OK
            && (lastAcknowledged == null || c.completeNanos() > lastAcknowledged.completeNanos())) {
          lastAcknowledged = c;
        }
      }
      if (!anyAcknowledged) allowed.add(null); // nothing is sure to have happened
      String actual = store.get(e.getKey());
      if (!allowed.contains(actual)) {
        Op blame = lastAcknowledged != null ? lastAcknowledged : changes.get(changes.size() - 1);
        violations.add(
            new Violation(
                Violation.Kind.LOST_WRITE,
                blame,
                null,
                0,
                "the store holds "
                    + (actual == null ? "no row" : actual)
                    + " after the drain; allowed: "
                    + describe(allowed)));
      }
    }
    return violations;
  }

  /** Whether an acknowledged change began after {@code c} completed. */
  private static boolean replaced(Op c, List<Op> changes) {
    if (c.outcome() != Outcome.OK) return false;
    for (Op later : changes) {
      if (later.outcome() == Outcome.OK && later.invokeNanos() > c.completeNanos()) return true;
    }
    return false;
  }

  private static String describe(Set<String> allowed) {
    return allowed.stream()
        .map(v -> Objects.requireNonNullElse(v, "no row"))
        .sorted()
        .toList()
        .toString();
  }
}
