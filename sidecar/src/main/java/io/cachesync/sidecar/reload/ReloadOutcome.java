package io.cachesync.sidecar.reload;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How the last look at the config file ended, for {@code /health}. {@code restartPending} names the
 * fields the file changes that only a restart applies; it stays until the file and the running
 * sidecar agree on them again.
 *
 * @param at when it happened; null while nothing has happened
 */
public record ReloadOutcome(Result result, String detail, Instant at, List<String> restartPending) {

  /** The {@code result} label of {@code cachesync_config_reloads_total}, and the health field. */
  public enum Result {
    /** Nothing to report yet: no change seen, or no file watched. */
    NONE,
    /** Every change in the file is running. */
    APPLIED,
    /** The file was rejected; the config that ran before still runs. */
    INVALID,
    /** Live changes are running; some others wait for a restart. */
    RESTART_REQUIRED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ReloadOutcome {
    restartPending = List.copyOf(restartPending);
  }

  static ReloadOutcome none(String detail) {
    return new ReloadOutcome(Result.NONE, detail, null, List.of());
  }
}
