package io.cachesync.sidecar.reload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the config file every {@code interval} and hands its text on when it changed.
 *
 * <p>It compares a hash of the content rather than waiting for file events: kubelet updates a
 * mounted ConfigMap by pointing the {@code ..data} symlink of the mount at a new directory, which
 * inotify on the file itself never reports, and editors and {@code mv} replace files in ways that
 * events describe differently on every file system. Reading through the path follows whatever
 * symlinks lead to the file today, so plain rewrites, atomic renames and symlink swaps all look
 * alike: different bytes.
 *
 * <p>A new content is handed on only once two reads in a row agree, so a file caught half-written
 * (or gone for a moment between a delete and a create) is never applied. The cost is up to one more
 * interval of delay, nothing next to kubelet's own minute.
 */
public final class ConfigFileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);

  /** What to do with the file once it settled on a new content. */
  public interface Listener {
    /**
     * @param first whether this is the first content seen since start
     */
    void onContent(String text, boolean first);

    void onUnreadable(IOException e, boolean first);
  }

  private final Path file;
  private final Duration interval;
  private final Listener listener;
  private final ScheduledExecutorService scheduler;

  // The polling thread only.
  private String handled;
  private String candidate;

  public ConfigFileWatcher(Path file, Duration interval, Listener listener) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    this.file = file;
    this.interval = interval;
    this.listener = listener;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cachesync-config-watch");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
    log.info("watching {} for config changes every {} ms", file, millis);
  }

  public Path file() {
    return file;
  }

  /** One look; a failure is logged and the next look comes as usual. */
  void poll() {
    try {
      String text = null;
      IOException unreadable = null;
      String fingerprint;
      try {
        byte[] content = Files.readAllBytes(file);
        fingerprint = sha256(content);
        text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
      } catch (IOException e) {
        unreadable = e;
        fingerprint = "unreadable: " + e;
      }
      if (fingerprint.equals(handled)) {
        candidate = null;
        return;
      }
      if (!fingerprint.equals(candidate)) {
        candidate = fingerprint; // settle first: the next read must agree
        return;
      }
      boolean first = handled == null;
      handled = fingerprint;
      candidate = null;
      if (unreadable != null) {
        listener.onUnreadable(unreadable, first);
      } else {
        listener.onContent(text, first);
      }
    } catch (RuntimeException e) {
      // a scheduled task that throws is never run again: the watch must outlive any reload
      log.error("looking at config file {} failed; looking again in {}", file, interval, e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdown(); // no interrupt: a reload in progress finishes what it started
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("a config reload of {} still runs at shutdown; interrupting it", file);
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
