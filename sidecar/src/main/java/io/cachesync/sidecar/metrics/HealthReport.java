package io.cachesync.sidecar.metrics;

/**
 * What {@code /health} says: whether the sidecar serves, and how sync stands. {@code DEGRADED} sync
 * still serves (reads come from L1); the detail says why peers' invalidations may be missed.
 */
public record HealthReport(
    boolean serving, String phase, String sync, String detail, String origin, String channel) {

  public String toJson() {
    return "{\"serving\":"
        + serving
        + ",\"phase\":"
        + quote(phase)
        + ",\"sync\":"
        + quote(sync)
        + ",\"detail\":"
        + quote(detail)
        + ",\"origin\":"
        + quote(origin)
        + ",\"channel\":"
        + quote(channel)
        + "}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : (s == null ? "" : s).toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
