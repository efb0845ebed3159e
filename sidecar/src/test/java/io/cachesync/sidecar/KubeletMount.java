package io.cachesync.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A config file laid out the way kubelet mounts a ConfigMap key: {@code cachesync.yaml} is a
 * symlink to {@code ..data/cachesync.yaml}, {@code ..data} a symlink to a timestamped directory,
 * and an update writes a new directory and renames a fresh {@code ..data} symlink over the old one
 * (one atomic step), then deletes the old directory. The file itself is never written to.
 */
final class KubeletMount {
  static final String KEY = "cachesync.yaml";

  private final Path dir;
  private final String key;
  private int version;
  private Path current;

  private KubeletMount(Path dir, String key) {
    this.dir = dir;
    this.key = key;
  }

  static KubeletMount create(Path dir, String yaml) {
    return create(dir, KEY, yaml);
  }

  /** A mount of one file named {@code key} (a Secret's key, say), updated the same way. */
  static KubeletMount create(Path dir, String key, String text) {
    KubeletMount m = new KubeletMount(dir, key);
    try {
      Files.createDirectories(dir);
      m.current = m.writeVersion(text);
      Files.createSymbolicLink(dir.resolve("..data"), m.current.getFileName());
      Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  /** The path a pod's container sees. */
  Path file() {
    return dir.resolve(key);
  }

  /** kubelet's update: new directory, atomic swap of {@code ..data}, old directory removed. */
  void update(String yaml) {
    try {
      Path next = writeVersion(yaml);
      Path tmp = dir.resolve("..data_tmp");
      Files.createSymbolicLink(tmp, next.getFileName());
      Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      deleteTree(current);
      current = next;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeVersion(String yaml) throws IOException {
    Path d = Files.createDirectory(dir.resolve("..2025_01_01_00_00_00." + (++version)));
    Files.writeString(d.resolve(key), yaml);
    return d;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
