package io.cachesync.sidecar.reload;

import io.cachesync.sidecar.config.SidecarConfig;

/** The running sidecar as a config reload sees it. */
public interface ReloadTarget {

  /** What runs now: the config it started with, with caches and loader as last applied. */
  SidecarConfig running();

  /**
   * Rejects, with a {@link io.cachesync.sidecar.config.ConfigException} naming the field, what the
   * file alone cannot show to be wrong, before anything is applied.
   */
  void check(SidecarConfig next);

  /** Applies the live part of {@code changes}; {@code next} is the whole new config. */
  void apply(ConfigChanges changes, SidecarConfig next);
}
