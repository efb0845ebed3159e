package io.cachesync.bench.report;

/**
 * What a figure should reach on this machine (issue 6): either a bound on the figure itself or a
 * bound on its ratio to a baseline measured in the same run, since absolute times on a shared
 * 2-core machine say little on their own.
 */
public record Target(Kind kind, double bound) {

  /** How {@link #bound()} applies. */
  public enum Kind {
    RATIO_AT_MOST,
    RATIO_AT_LEAST,
    AT_MOST,
    AT_LEAST,
    EXACTLY
  }

  public static Target ratioAtMost(double bound) {
    return new Target(Kind.RATIO_AT_MOST, bound);
  }

  /** A floor relative to the baseline: the figure must keep up with what it is compared with. */
  public static Target ratioAtLeast(double bound) {
    return new Target(Kind.RATIO_AT_LEAST, bound);
  }

  public static Target atMost(double bound) {
    return new Target(Kind.AT_MOST, bound);
  }

  public static Target atLeast(double bound) {
    return new Target(Kind.AT_LEAST, bound);
  }

  public static Target exactly(double bound) {
    return new Target(Kind.EXACTLY, bound);
  }

  /**
   * Whether the figure meets the target; null when it cannot be told (no ratio without baseline).
   */
  public Boolean met(double value, Double ratio) {
    return switch (kind) {
      case RATIO_AT_MOST -> ratio == null ? null : ratio <= bound;
      case RATIO_AT_LEAST -> ratio == null ? null : ratio >= bound;
      case AT_MOST -> value <= bound;
      case AT_LEAST -> value >= bound;
      case EXACTLY -> value == bound;
    };
  }

  /** {@code ratio <= 1.10}, {@code <= 96}, {@code >= 100,000}, {@code = 1}. */
  public String describe() {
    return switch (kind) {
      case RATIO_AT_MOST -> "ratio <= " + String.format("%.2f", bound);
      case RATIO_AT_LEAST -> "ratio >= " + String.format("%.2f", bound);
      case AT_MOST -> "<= " + Numbers.format(bound);
      case AT_LEAST -> ">= " + Numbers.format(bound);
      case EXACTLY -> "= " + Numbers.format(bound);
    };
  }
}
