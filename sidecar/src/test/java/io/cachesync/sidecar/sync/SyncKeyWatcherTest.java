package io.cachesync.sidecar.sync;

import static io.cachesync.sidecar.sync.TestKeys.A;
import static io.cachesync.sidecar.sync.TestKeys.B;
import static io.cachesync.sidecar.sync.TestKeys.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cachesync.sidecar.config.SyncKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SyncKeyWatcherTest {
  static final String C = "Zr4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eR3t";

  @TempDir Path dir;
  Path file;
  final AtomicLong clock = new AtomicLong();
  final BusCounters counters = new BusCounters();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(SyncKeyWatcher.class);
  FrameMac mac;
  SyncKeyWatcher watcher;

  @BeforeEach
  void start() throws Exception {
    logs.start();
    logger.addAppender(logs);
    file = dir.resolve("key");
    write(A + "\n");
    watch(null);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
  }

  void watch(String verifyOnly) {
    SyncKeys keys = new SyncKeys(bytes(A), verifyOnly == null ? null : bytes(verifyOnly));
    mac = FrameMac.of(keys);
    watcher = new SyncKeyWatcher(file.toString(), keys, mac, counters, clock::get);
  }

  /** As kubelet does: a new file renamed over the old one, so the inode changes, mtime may not. */
  void write(String text) throws Exception {
    Path tmp = Files.writeString(dir.resolve("key.tmp"), text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  byte[] signed(FrameMac with) {
    return FrameCodec.encode(Frame.heartbeat("pod", 1), with);
  }

  boolean verifies(String key) {
    return mac.verify(signed(TestKeys.mac(key)));
  }

  boolean signsWith(String key) {
    return TestKeys.mac(key).verify(signed(mac));
  }

  long logged(Level level) {
    return logs.list.stream().filter(e -> e.getLevel() == level).count();
  }

  @Test
  @DisplayName("an unchanged file changes nothing and counts nothing")
  void unchanged() {
    watcher.poll();
    watcher.poll();
    assertThat(counters.keyChanges()).isZero();
    assertThat(signsWith(A)).isTrue();
    assertThat(logs.list).isEmpty();
  }

  @Test
  @DisplayName(
      "a new key signs at once; the previous one verifies for the grace period, then no longer; one INFO without the key")
  void newKeyThenGrace() throws Exception {
    write(B + "\n");
    watcher.poll();
    assertThat(counters.keyChanges()).isEqualTo(1);
    assertThat(signsWith(B)).isTrue();
    assertThat(signsWith(A)).isFalse();
    assertThat(verifies(B)).isTrue();
    assertThat(verifies(A)).as("peers that have not seen B yet are heard").isTrue();
    assertThat(logged(Level.INFO)).isEqualTo(1);
    assertThat(logs.list.get(0).getFormattedMessage())
        .contains(file.toString())
        .doesNotContain(A)
        .doesNotContain(B);

    clock.addAndGet(SyncKeyWatcher.GRACE.toNanos() - 1);
    watcher.poll();
    assertThat(verifies(A)).isTrue();
    clock.addAndGet(1);
    watcher.poll();
    assertThat(verifies(A)).as("grace over").isFalse();
    assertThat(verifies(B)).isTrue();
    assertThat(counters.keyChanges()).isEqualTo(1);
  }

  @Test
  @DisplayName("two changes within the grace period keep both replaced keys verifying")
  void twoChanges() throws Exception {
    write(B);
    watcher.poll();
    clock.addAndGet(60_000_000_000L);
    write(C);
    watcher.poll();
    assertThat(signsWith(C)).isTrue();
    assertThat(verifies(A)).isTrue();
    assertThat(verifies(B)).isTrue();
    clock.addAndGet(SyncKeyWatcher.GRACE.toNanos() - 60_000_000_000L);
    watcher.poll();
    assertThat(verifies(A)).isFalse();
    assertThat(verifies(B)).isTrue();
    assertThat(counters.keyChanges()).isEqualTo(2);
  }

  @Test
  @DisplayName("sync.verifyKeyFile keeps verifying across a change and after the grace period")
  void verifyOnlyStays() throws Exception {
    watch(C);
    write(B);
    watcher.poll();
    clock.addAndGet(SyncKeyWatcher.GRACE.toNanos());
    watcher.poll();
    assertThat(signsWith(B)).isTrue();
    assertThat(verifies(C)).isTrue();
    assertThat(verifies(A)).isFalse();
  }

  @Test
  @DisplayName(
      "a file that goes missing or holds a short key keeps the keys in use, warns once, and a valid key later is taken")
  void badFileKeepsKeys() throws Exception {
    Files.delete(file);
    watcher.poll();
    watcher.poll();
    write("too-short\n");
    watcher.poll();
    assertThat(signsWith(A)).as("never unsigned, never another key").isTrue();
    assertThat(verifies(A)).isTrue();
    assertThat(counters.keyChanges()).isZero();
    assertThat(logged(Level.WARN)).isEqualTo(1);
    assertThat(logs.list.get(0).getFormattedMessage())
        .contains("sync.keyFile: " + file + " does not exist");

    write(B);
    watcher.poll();
    assertThat(signsWith(B)).isTrue();
    assertThat(counters.keyChanges()).isEqualTo(1);
    Files.delete(file);
    watcher.poll();
    assertThat(logged(Level.WARN)).as("warned again after it had recovered").isEqualTo(2);
    assertThat(signsWith(B)).isTrue();
  }

  @Test
  @DisplayName(
      "the old key written back is taken like any new one, and the other verifies in grace")
  void backToOld() throws Exception {
    write(B);
    watcher.poll();
    write(A);
    watcher.poll();
    assertThat(signsWith(A)).isTrue();
    assertThat(verifies(B)).isTrue();
    assertThat(counters.keyChanges()).isEqualTo(2);
  }
}
