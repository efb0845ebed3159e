package io.cachesync.sidecar.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher is driven poll by poll here, so each test decides exactly what each look sees. */
class ConfigFileWatcherTest {
  @TempDir Path dir;

  /** What the watcher handed on: {@code first:text} or {@code first:unreadable:...}. */
  static final class Seen implements ConfigFileWatcher.Listener {
    final List<String> events = new CopyOnWriteArrayList<>();
    RuntimeException fail;

    @Override
    public void onContent(String text, boolean first) {
      events.add((first ? "first:" : "") + text);
      if (fail != null) throw fail;
    }

    @Override
    public void onUnreadable(IOException e, boolean first) {
      events.add((first ? "first:" : "") + "unreadable:" + e.getClass().getSimpleName());
    }
  }

  final Seen seen = new Seen();

  ConfigFileWatcher watcher(Path file) {
    return new ConfigFileWatcher(file, Duration.ofMillis(50), seen);
  }

  static void polls(ConfigFileWatcher w, int n) {
    for (int i = 0; i < n; i++) w.poll();
  }

  @Test
  @DisplayName("a content is handed on once two looks in a row agree, and only once")
  void settles() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "a");
    ConfigFileWatcher w = watcher(file);
    w.poll();
    assertThat(seen.events).isEmpty();
    polls(w, 5);
    assertThat(seen.events).containsExactly("first:a");
  }

  @Test
  @DisplayName("a plain rewrite and a rename over the file are both seen")
  void rewriteAndRename() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "a");
    ConfigFileWatcher w = watcher(file);
    polls(w, 2);
    Files.writeString(file, "b");
    polls(w, 2);
    Path next = Files.writeString(dir.resolve("next.yaml"), "c");
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    polls(w, 2);
    assertThat(seen.events).containsExactly("first:a", "b", "c");
  }

  @Test
  @DisplayName("kubelet's swap of the ..data symlink is seen through the file's own symlink")
  void kubeletSwap() throws Exception {
    Files.createDirectory(dir.resolve("..v1"));
    Files.writeString(dir.resolve("..v1/c.yaml"), "a");
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..v1"));
    Path file = Files.createSymbolicLink(dir.resolve("c.yaml"), Path.of("..data/c.yaml"));
    ConfigFileWatcher w = watcher(file);
    polls(w, 2);

    Files.createDirectory(dir.resolve("..v2"));
    Files.writeString(dir.resolve("..v2/c.yaml"), "b");
    Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v2"));
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    Files.delete(dir.resolve("..v1/c.yaml"));
    Files.delete(dir.resolve("..v1"));
    polls(w, 2);
    assertThat(seen.events).containsExactly("first:a", "b");
  }

  @Test
  @DisplayName("a content seen once (a half-written file) or a file gone for one look is skipped")
  void skipsWhatDoesNotSettle() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "a");
    ConfigFileWatcher w = watcher(file);
    polls(w, 2);
    Files.writeString(file, "hal");
    w.poll();
    Files.writeString(file, "half-written, now whole");
    polls(w, 2);
    Files.delete(file);
    w.poll();
    Files.writeString(file, "half-written, now whole");
    polls(w, 3);
    assertThat(seen.events).containsExactly("first:a", "half-written, now whole");
  }

  @Test
  @DisplayName("a file that stays missing, or is not UTF-8, is reported as unreadable")
  void unreadable() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "a");
    ConfigFileWatcher w = watcher(file);
    polls(w, 2);
    Files.delete(file);
    polls(w, 2);
    Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28});
    polls(w, 2);
    assertThat(seen.events)
        .containsExactly(
            "first:a", "unreadable:NoSuchFileException", "unreadable:MalformedInputException");
  }

  @Test
  @DisplayName("a listener that throws does not stop the watch")
  void survivesListener() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "a");
    ConfigFileWatcher w = watcher(file);
    seen.fail = new IllegalStateException("boom");
    polls(w, 2);
    seen.fail = null;
    Files.writeString(file, "b");
    polls(w, 2);
    assertThat(seen.events).containsExactly("first:a", "b");
  }

  @Test
  @DisplayName("started, it looks on its own every interval")
  void scheduled() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "a");
    try (ConfigFileWatcher w = watcher(file)) {
      w.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.events.contains("first:a"));
      Files.writeString(file, "b");
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.events.contains("b"));
    }
  }
}
