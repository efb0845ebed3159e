package io.cachesync.operator.model;

/** The patterns the CRD validates with; the sidecar's config parser accepts exactly these forms. */
public final class Patterns {
  /**
   * {@code 250ms}, {@code 30s}, {@code 10m}, {@code 1h30m}: the sidecar's Durations, positive (the
   * first part is not zero) and bounded in length. RE2, as an API server evaluates it: no
   * look-ahead.
   */
  public static final String DURATION =
      "^0*[1-9][0-9]{0,8}(ms|s|m|h|d)([0-9]{1,9}(ms|s|m|h|d)){0,3}$";

  /**
   * {@code 1048576}, {@code 512Ki}, {@code 64Mi}: the sidecar's ByteSizes, positive and bounded in
   * length (the operator checks the value fits in 63 bits).
   */
  public static final String QUANTITY = "^0*[1-9][0-9]{0,14}(Ki|Mi|Gi|K|M|G)?$";

  /** Cache names: they end up in metric labels and Redis keys. */
  public static final String CACHE_NAME = "^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$";

  private Patterns() {}

  /** A size matching {@link #QUANTITY} in bytes, or -1 when it overflows a long. */
  public static long bytes(String quantity) {
    var m = java.util.regex.Pattern.compile("^([0-9]+)([KMG]i?)?$").matcher(quantity);
    if (!m.matches()) return -1;
    String unit = m.group(2) == null ? "" : m.group(2);
    long factor =
        switch (unit) {
          case "K" -> 1_000L;
          case "M" -> 1_000_000L;
          case "G" -> 1_000_000_000L;
          case "Ki" -> 1L << 10;
          case "Mi" -> 1L << 20;
          case "Gi" -> 1L << 30;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
    } catch (ArithmeticException e) {
      return -1;
    }
  }
}
