package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * How often the sidecar looks at its config file for changes to apply without a restart. It reads
 * the file and compares a hash instead of waiting for file events: kubelet updates a mounted
 * ConfigMap by swapping a symlinked directory, which events on the file itself do not see. {@code
 * 0s} turns hot reload off.
 */
public record ReloadConfig(Duration interval) {

  public ReloadConfig {
    interval = interval == null ? Duration.ofSeconds(2) : interval;
    if (interval.isNegative()) {
      throw new ConfigException("reload.interval: must not be negative (0s turns reload off)");
    }
    if (!interval.isZero() && interval.toMillis() < 10) {
      throw new ConfigException(
          "reload.interval: must be at least 10ms (or 0s to turn reload off), got "
              + interval.toMillis()
              + "ms");
    }
  }

  public static ReloadConfig defaults() {
    return new ReloadConfig(null);
  }

  public static ReloadConfig every(Duration interval) {
    return new ReloadConfig(interval);
  }

  public boolean enabled() {
    return !interval.isZero();
  }
}
