package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * What a request may carry. {@code fillTokenWindow} is how long a miss's fill token stays usable:
 * the sidecar remembers invalidations that long to refuse fills they overtook.
 */
public record LimitsConfig(int maxKeyBytes, long maxValueBytes, Duration fillTokenWindow) {

  public LimitsConfig {
    maxKeyBytes = maxKeyBytes == 0 ? 4096 : maxKeyBytes;
    maxValueBytes = maxValueBytes == 0 ? 1L << 20 : maxValueBytes;
    fillTokenWindow = fillTokenWindow == null ? Duration.ofSeconds(60) : fillTokenWindow;
    if (maxKeyBytes < 0)
      throw new ConfigException("limits.maxKeyBytes: must be positive, got " + maxKeyBytes);
    if (maxValueBytes < 0 || maxValueBytes > Integer.MAX_VALUE) {
      throw new ConfigException(
          "limits.maxValueBytes: must be between 1 and 2Gi, got " + maxValueBytes);
    }
  }

  public static LimitsConfig defaults() {
    return new LimitsConfig(0, 0, null);
  }
}
