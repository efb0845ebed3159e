package io.cachesync.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table bin/bench prints: one row per figure, with its baseline, ratio, target and verdict. */
public final class ResultTable {
  private static final String ROW = "%-36s %12s %-7s %-36s %7s  %-16s %s%n";

  private ResultTable() {}

  public static void print(List<Figure> figures, PrintStream out) {
    out.printf(ROW, "figure", "value", "unit", "baseline (same run)", "ratio", "target", "result");
    out.printf(ROW, line(36), line(12), line(7), line(36), line(7), line(16), line(6));
    for (Figure f : figures) {
      out.printf(
          ROW,
          f.name(),
          Numbers.format(f.value()),
          f.unit(),
          f.baseline() == null
              ? ""
              : f.baseline() + (f.baselineValue() == null ? " (not run)" : ""),
          f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", f.ratio()),
          f.target() == null ? "" : f.target().describe(),
          verdict(f));
    }
  }

  /** The figures this run could not measure, grouped by the reason, one line per reason. */
  public static void printNotMeasured(Map<String, String> notMeasured, PrintStream out) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    notMeasured.forEach(
        (name, why) -> byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(name));
    byReason.forEach(
        (why, names) ->
            out.println("not measured: " + why + " (" + String.join(", ", names) + ")"));
  }

  private static String verdict(Figure f) {
    if (f.target() == null) return "";
    if (f.met() == null) return "?";
    return f.met() ? "pass" : "MISS";
  }

  private static String line(int width) {
    return "-".repeat(width);
  }
}
