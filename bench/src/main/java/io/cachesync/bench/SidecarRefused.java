package io.cachesync.bench;

/**
 * The sidecars would not start on a topology (a build whose {@code redis.mode} lacks it): the
 * figures that need them are reported not measured, with this reason, and the rest of the run goes
 * on.
 */
public final class SidecarRefused extends Exception {
  public SidecarRefused(String reason, Throwable cause) {
    super(reason, cause);
  }

  /**
   * The sidecar's own words from the failure (the line that names {@code redis.mode} or {@code
   * redis.url}), else the failure's first line.
   */
  static SidecarRefused from(RuntimeException e) {
    String text = String.valueOf(e.getMessage());
    String reason =
        text.lines()
            .filter(l -> l.contains("redis.mode") || l.contains("redis.url"))
            .findFirst()
            // from the field's name on: the log prefix and the config file's path say nothing
            .map(l -> l.substring(l.indexOf("redis.")))
            .orElse(text.lines().findFirst().orElse(e.toString()))
            .strip();
    return new SidecarRefused(reason, e);
  }
}
