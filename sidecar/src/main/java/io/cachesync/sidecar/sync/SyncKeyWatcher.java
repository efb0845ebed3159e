package io.cachesync.sidecar.sync;

import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.SyncKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a new key written to {@code sync.keyFile} without a restart: the operator makes a new key
 * when its Secret was deleted, and kubelet swaps a mounted Secret's files in place. Polled on the
 * bus's scheduler; the file's bytes are compared, not its mtime, which kubelet's symlink swap does
 * not reliably change. A new key signs from then on; the replaced one keeps verifying for {@link
 * #GRACE}, so peers that have not seen the new key yet are still heard. A file that turns
 * unreadable or short keeps the keys in use (never unsigned, never a crash) with one WARN.
 */
final class SyncKeyWatcher {
  private static final Logger log = LoggerFactory.getLogger(SyncKeyWatcher.class);

  /** Often enough that a new key is taken seconds after kubelet writes it; a 43-byte read. */
  static final Duration POLL = Duration.ofSeconds(2);

  /**
   * How long a replaced key still verifies. Kubelet refreshes a mounted Secret within its sync
   * period plus its cache TTL (about a minute by default, each pod at its own moment); ten minutes
   * covers that, the poll, and a slow node with room, while a leaked old key stops working soon.
   */
  static final Duration GRACE = Duration.ofMinutes(10);

  private final String keyFile;
  private final byte[] verifyOnly;
  private final FrameMac mac;
  private final BusCounters counters;
  private final LongSupplier nanoClock;
  private final List<Retired> retired = new ArrayList<>();
  private byte[] current;
  private boolean warned;

  /** A replaced key and the {@code nanoClock} time until which it still verifies. */
  private record Retired(byte[] key, long untilNanos) {}

  SyncKeyWatcher(
      String keyFile, SyncKeys keys, FrameMac mac, BusCounters counters, LongSupplier nanoClock) {
    this.keyFile = keyFile;
    this.current = keys.current();
    this.verifyOnly = keys.verifyOnly();
    this.mac = mac;
    this.counters = counters;
    this.nanoClock = nanoClock;
  }

  /** One look at the file; also retires replaced keys whose grace is over. Never throws. */
  void poll() {
    try {
      long now = nanoClock.getAsLong();
      boolean changed = retired.removeIf(r -> now - r.untilNanos() >= 0);
      byte[] read = readOrKeep();
      if (read != null && !Arrays.equals(read, current)) {
        byte[] next = read;
        retired.removeIf(r -> Arrays.equals(r.key(), next)); // a key back in use is not retired
        retired.add(new Retired(current, now + GRACE.toNanos()));
        current = next;
        changed = true;
        counters.keyChanges.increment();
        log.info(
            "sync.keyFile {} holds a new key: frames are signed with it from now on, and the"
                + " previous key still verifies for {} minutes",
            keyFile,
            GRACE.toMinutes());
      }
      if (changed) mac.use(keys());
    } catch (RuntimeException e) {
      log.warn(
          "checking sync.keyFile {} failed; keeping the keys in use: {}", keyFile, e.toString());
    }
  }

  /** The file's key, or null (warned once until it is readable again) when it has none to take. */
  private byte[] readOrKeep() {
    try {
      byte[] key = SyncKeys.read("sync.keyFile", keyFile);
      warned = false;
      return key;
    } catch (ConfigException e) {
      if (!warned) {
        log.warn(
            "{}; frames stay signed and verified with the keys in use until the file holds a"
                + " valid key again",
            e.getMessage());
        warned = true;
      }
      return null;
    }
  }

  private FrameKeys keys() {
    List<byte[]> verifying = new ArrayList<>();
    verifying.add(verifyOnly);
    for (Retired r : retired) verifying.add(r.key());
    return FrameKeys.of(current, verifying);
  }
}
