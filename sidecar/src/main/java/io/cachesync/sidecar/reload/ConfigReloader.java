package io.cachesync.sidecar.reload;

import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a changed config into a running one: parse, check, compare with what runs, apply what
 * applies live, and say what happened. One log line per reload (ERROR when the file is rejected,
 * WARN when some changes wait for a restart, INFO otherwise), a count per result and the outcome in
 * {@code /health}. Nothing here throws: a rejected or unreadable file leaves the config that ran
 * before running, and the sidecar keeps serving. Reloads run one at a time.
 */
public final class ConfigReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final ReloadTarget target;
  private final ReloadStatus status;

  public ConfigReloader(ReloadTarget target, ReloadStatus status) {
    this.target = target;
    this.status = status;
  }

  public ReloadStatus status() {
    return status;
  }

  /** Applies {@code next}, a config already parsed (the in-process form of editing the file). */
  public synchronized ReloadOutcome reload(SidecarConfig next) {
    return reload(next, "", false);
  }

  /**
   * The file now reads {@code text}. The first read after start only confirms the file still says
   * what the sidecar started with; it is reported only if it does not.
   */
  public synchronized ReloadOutcome fileRead(Path file, String text, boolean first) {
    SidecarConfig next;
    try {
      next = ConfigLoader.parse(file, text);
    } catch (ConfigException e) {
      return invalid(e.getMessage());
    }
    return reload(next, file + ": ", first);
  }

  public synchronized ReloadOutcome fileUnreadable(Path file, IOException e) {
    return invalid(ConfigLoader.unreadable(file, e).getMessage());
  }

  private ReloadOutcome reload(SidecarConfig next, String where, boolean first) {
    try {
      target.check(next);
    } catch (ConfigException e) {
      return invalid(where + e.getMessage());
    }
    ConfigChanges changes = ConfigChanges.between(target.running(), next);
    if (changes.none()) {
      if (first) return status.last();
      log.info("{}the config changed, but nothing in it differs from the running config", where);
      return record(Result.APPLIED, "nothing differs from the running config", List.of());
    }
    if (changes.live()) {
      try {
        target.apply(changes, next);
      } catch (ConfigException e) {
        return invalid(where + e.getMessage());
      } catch (RuntimeException e) {
        log.error("{}applying the new config failed; what was not applied keeps running", where, e);
        return record(
            Result.INVALID, "applying the new config failed: " + e, status.last().restartPending());
      }
    }
    if (changes.restartRequired().isEmpty()) {
      log.info("{}config reloaded: {}", where, changes.describeLive());
      return record(Result.APPLIED, "applied: " + changes.describeLive(), List.of());
    }
    String restart =
        changes.restartRequired().stream()
                .map(FieldChange::toString)
                .collect(Collectors.joining(", "))
            + ": not applied, takes effect on restart";
    String live = changes.live() ? "; applied: " + changes.describeLive() : "";
    log.warn("{}{}{}", where, restart, live);
    return record(Result.RESTART_REQUIRED, restart + live, changes.restartFields());
  }

  private ReloadOutcome invalid(String message) {
    log.error("config not reloaded, the running config stays: {}", message);
    return record(Result.INVALID, message, status.last().restartPending());
  }

  private ReloadOutcome record(Result result, String detail, List<String> restartPending) {
    ReloadOutcome outcome = new ReloadOutcome(result, detail, Instant.now(), restartPending);
    status.record(outcome);
    return outcome;
  }
}
