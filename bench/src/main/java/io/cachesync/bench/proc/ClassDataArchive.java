package io.cachesync.bench.proc;

import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A class-data archive of the sidecar, as its image's launcher makes one: a training start writes
 * it at exit ({@code -XX:ArchiveClassesAtExit}, which JDK 17 has too), and later starts map it
 * ({@code -XX:SharedArchiveFile}), read-only and shared by every JVM on the node that maps it.
 */
public final class ClassDataArchive {
  private ClassDataArchive() {}

  /**
   * Runs one training start (to SERVING, then SIGTERM) that writes {@code archive}.
   *
   * @param spawn starts a sidecar with the given JVM options
   * @return the options that map the archive
   */
  public static List<String> train(Path archive, Function<List<String>, LaunchedSidecar> spawn)
      throws IOException {
    Files.deleteIfExists(archive);
    LaunchedSidecar training = spawn.apply(List.of("-XX:ArchiveClassesAtExit=" + archive));
    try {
      training.awaitServing();
    } finally {
      training.stop(); // SIGTERM: the JVM writes the archive as it exits
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "the training start wrote no class-data archive at " + archive);
    }
    return List.of("-XX:SharedArchiveFile=" + archive);
  }
}
