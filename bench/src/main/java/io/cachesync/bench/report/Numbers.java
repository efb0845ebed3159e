package io.cachesync.bench.report;

import java.util.Locale;

/** One way of printing figures, so the table, the notes and the targets read alike. */
public final class Numbers {
  private Numbers() {}

  /** Thousands separated above 1,000, one decimal below 100, two below 10; "-" for nothing. */
  public static String format(Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) return "-";
    double a = Math.abs(value);
    if (a >= 1000 || value == Math.rint(value)) return String.format(Locale.ROOT, "%,.0f", value);
    if (a >= 100) return String.format(Locale.ROOT, "%.0f", value);
    if (a >= 10) return String.format(Locale.ROOT, "%.1f", value);
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
