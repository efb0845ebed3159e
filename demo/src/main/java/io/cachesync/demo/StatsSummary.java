package io.cachesync.demo;

import io.cachesync.api.v1.StatsResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 5: each sidecar's own Stats for the books cache, side by side, checked against the tally
 * each pod kept of what it saw (hits, misses, what it should still hold, invalidations sent and
 * received).
 */
final class StatsSummary {
  private static final String FORMAT = "%-6s  %-16s  %5s  %6s  %4s  %9s  %9s  %13s  %-10s";

  private final StepTable table;

  StatsSummary(StepTable table) {
    this.table = table;
  }

  /** Prints the table; returns the disagreements, one line each (empty when all agree). */
  List<String> report(List<Pod> pods) {
    table.section("5", "what each sidecar counted (Stats of the books cache)");
    List<StatsResponse> stats = new ArrayList<>();
    for (Pod p : pods) stats.add(p.stats());
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
                FORMAT,
                "pod",
                "sidecar",
                "hits",
                "misses",
                "size",
                "inv. sent",
                "inv. recv",
                "fills refused",
                "sync")
            .stripTrailing());
    lines.add(
        String.format(
                FORMAT,
                "-".repeat(6),
                "-".repeat(16),
                "-".repeat(5),
                "-".repeat(6),
                "-".repeat(4),
                "-".repeat(9),
                "-".repeat(9),
                "-".repeat(13),
                "-".repeat(10))
            .stripTrailing());
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < pods.size(); i++) {
      Pod p = pods.get(i);
      StatsResponse s = stats.get(i);
      lines.add(
          String.format(
                  FORMAT,
                  p.name(),
                  p.id(),
                  s.getHits(),
                  s.getMisses(),
                  s.getSize(),
                  s.getInvalidationsSent(),
                  s.getInvalidationsReceived(),
                  s.getFillsRejected(),
                  s.getSyncState())
              .stripTrailing());
      Pod.Tally t = p.tally;
      compare(wrong, p, "hits", s.getHits(), t.hits);
      compare(wrong, p, "misses", s.getMisses(), t.misses);
      compare(wrong, p, "size", s.getSize(), t.size);
      compare(wrong, p, "invalidations_sent", s.getInvalidationsSent(), t.sent);
      compare(wrong, p, "invalidations_received", s.getInvalidationsReceived(), t.received);
      compare(wrong, p, "fills_rejected", s.getFillsRejected(), t.refused);
      if (!"CONNECTED".equals(s.getSyncState()))
        wrong.add(p.name() + ": sync_state " + s.getSyncState() + ", expected CONNECTED");
    }
    table.block(lines);
    return wrong;
  }

  private static void compare(
      List<String> wrong, Pod p, String field, long reported, long expected) {
    if (reported != expected) {
      wrong.add(p.name() + ": " + field + " is " + reported + ", the client counted " + expected);
    }
  }
}
