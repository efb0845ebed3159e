package io.cachesync.consistency;

import io.cachesync.consistency.check.Verdict;
import io.cachesync.consistency.check.Violation;
import io.cachesync.consistency.history.FaultEvent;
import io.cachesync.consistency.history.History;
import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import io.cachesync.consistency.history.Window;
import io.cachesync.consistency.run.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Prints a run: the operations by cache and outcome, every fault, the windows the sidecars
 * declared, every violation with its key's history around it, and the summary line that ends it.
 * Times are milliseconds since the workload began.
 */
final class Report {
  private static final int MAX_VIOLATIONS_SHOWN = 20;
  private static final long CONTEXT_BEFORE = TimeUnit.SECONDS.toNanos(3);
  private static final int CONTEXT_LINES = 25;

  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  void print(RunResult r) {
    History h = r.history();
    List<Op> ops = h.ops();
    Verdict v = r.verdict();
    out.println("operations: " + ops.size());
    Map<String, List<Op>> byCache =
        ops.stream().collect(Collectors.groupingBy(Op::cache, TreeMap::new, Collectors.toList()));
    byCache.forEach(
        (cache, list) ->
            out.printf(
                "  %-6s %s; max staleness %d ms%n",
                cache + ":",
                tally(list),
                TimeUnit.NANOSECONDS.toMillis(v.maxStalenessByCache().getOrDefault(cache, 0L))));
    out.println("faults: " + h.faults().size());
    for (FaultEvent f : h.faults()) {
      out.printf(
          Locale.ROOT,
          "  %9.1f  %-15s %s for %d ms%n",
          h.millis(f.startNanos()),
          f.kind(),
          f.target(),
          TimeUnit.NANOSECONDS.toMillis(f.endNanos() - f.startNanos()));
    }
    out.println("declared windows: " + h.windows().size());
    for (Window w : h.windows()) {
      out.printf(
          Locale.ROOT,
          "  %9.1f  pod-%d %s until %.1f%n",
          h.millis(w.startNanos()),
          w.process() + 1,
          w.why(),
          h.millis(w.endNanos()));
    }
    out.printf(
        "reads checked: %d; stale reads a declared window explains: %d; write-behind changes lost"
            + " in a declared Redis restart or failover: %d%n",
        v.readsChecked(), v.exempt(), r.declaredLost());
    for (String s : r.undrained()) out.println("NOT DRAINED: " + s);
    if (v.stalest() != null) {
      Op read = v.stalest().read();
      out.printf(
          Locale.ROOT,
          "largest staleness: %d ms, %s/%s at %.1f on %s (op %d, value replaced by op %d)%n",
          TimeUnit.NANOSECONDS.toMillis(v.stalest().nanos()),
          read.cache(),
          read.key(),
          h.millis(read.invokeNanos()),
          read.processName(),
          read.id(),
          v.stalest().cause().id());
      context(read, h, ops);
      long from = v.stalest().cause().invokeNanos() - CONTEXT_BEFORE;
      for (FaultEvent f : h.faults()) {
        if (f.endNanos() >= from && f.startNanos() <= read.completeNanos()) {
          out.printf(
              Locale.ROOT,
              "    fault around it: %s %s from %.1f to %.1f%n",
              f.kind(),
              f.target(),
              h.millis(f.startNanos()),
              h.millis(f.endNanos()));
        }
      }
    }
    out.println("violations: " + v.violations().size());
    v.violations().stream().limit(MAX_VIOLATIONS_SHOWN).forEach(x -> violation(x, h, ops));
    if (v.violations().size() > MAX_VIOLATIONS_SHOWN) {
      out.println("  ... and " + (v.violations().size() - MAX_VIOLATIONS_SHOWN) + " more");
    }
    if (!r.passed()) {
      out.println(
          "sidecar configs and logs, and every operation (history.txt), kept in " + r.dir());
    }
  }

  private static String tally(List<Op> ops) {
    long reads = ops.stream().filter(o -> o.kind() == OpKind.READ).count();
    long found = ops.stream().filter(o -> o.kind() == OpKind.READ && o.value() != null).count();
    long writes = ops.stream().filter(o -> o.kind() == OpKind.WRITE).count();
    long deletes = ops.stream().filter(o -> o.kind() == OpKind.DELETE).count();
    long failed = ops.stream().filter(o -> o.outcome() == Outcome.FAIL).count();
    long unknown = ops.stream().filter(o -> o.outcome() == Outcome.UNKNOWN).count();
    return "%d reads (%d with a value), %d writes, %d deletes; %d failed, %d unknown"
        .formatted(reads, found, writes, deletes, failed, unknown);
  }

  private void violation(Violation x, History h, List<Op> ops) {
    Op op = x.op();
    out.printf(
        Locale.ROOT,
        "  %s %s at %.1f on %s: %s%n",
        x.kind(),
        x.key(),
        h.millis(op.invokeNanos()),
        op.processName(),
        x.detail());
    context(op, h, ops);
  }

  /** The operations on {@code op}'s key in the seconds before it, {@code op} marked. */
  private void context(Op op, History h, List<Op> ops) {
    String key = op.cache() + "/" + op.key();
    out.println("    history of " + key + " (ms since start; * the operation in question):");
    List<Op> context =
        ops.stream()
            .filter(o -> o.cache().equals(op.cache()) && o.key().equals(op.key()))
            .filter(o -> o.completeNanos() >= op.invokeNanos() - CONTEXT_BEFORE)
            .filter(o -> o.invokeNanos() <= op.completeNanos())
            .toList();
    for (Op o : context.subList(Math.max(0, context.size() - CONTEXT_LINES), context.size())) {
      out.println("    " + line(o, h, o.id() == op.id() ? "*" : " "));
    }
  }

  static String line(Op o, History h, String mark) {
    return String.format(
        Locale.ROOT,
        "%s %9.1f..%9.1f  op %-6d %-7s %-6s %-8s %-7s %s",
        mark,
        h.millis(o.invokeNanos()),
        h.millis(o.completeNanos()),
        o.id(),
        o.processName(),
        o.kind(),
        o.value() == null ? "-" : o.value(),
        o.outcome(),
        o.note());
  }

  /** Every operation, one line each, for {@code --history}. */
  static void writeHistory(Path file, History h) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Op o : h.ops())
      b.append(o.cache())
          .append('/')
          .append(o.key())
          .append(' ')
          .append(line(o, h, " "))
          .append('\n');
    Files.writeString(file, b);
  }

  /** The last line: what the run found, in one line a script can read. */
  static String summary(RunResult r) {
    return "consistency: ops=%d faults=%d violations=%d max_staleness_ms=%d"
        .formatted(
            r.history().ops().size(),
            r.history().faults().size(),
            r.verdict().violations().size() + r.undrained().size(),
            TimeUnit.NANOSECONDS.toMillis(r.verdict().maxStalenessNanos()));
  }
}
