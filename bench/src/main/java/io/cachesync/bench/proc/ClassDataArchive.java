package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar's class-data archive, made as its image makes it ({@code cachesync-sidecar
 * --write-archive}, src/main/docker/Dockerfile): the sidecar's own training ({@code --train}: a
 * short start with a built-in config and a round of gRPC calls, no Redis) under {@code
 * -XX:ArchiveClassesAtExit}, which JDK 17 has too. Later starts map it ({@code
 * -XX:SharedArchiveFile}), read-only and shared by every JVM on the node that maps it. Same java,
 * same options and the same {@code -jar} path as the timed starts, as the JVM requires; and, as the
 * image's launcher does, mapped at the address it was written for ({@link #MAPPED_AS_THE_IMAGE}).
 */
public final class ClassDataArchive {
  /** The training bounds itself to 15 s; the JVM then writes the archive. */
  static final long TRAINING_TIMEOUT_SECONDS = 120;

  /**
   * What the image's launcher adds to every start: archives (the JDK's and this one) mapped where
   * they were written to be, so their pages stay shared between processes instead of each one
   * rewriting its own copy (src/main/jib/usr/local/bin/cachesync-sidecar).
   */
  public static final List<String> MAPPED_AS_THE_IMAGE =
      List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

  private ClassDataArchive() {}

  /**
   * Runs the training that writes {@code archive}, its output in {@code <log dir>/<archive
   * name>.training.log}.
   *
   * @return the options that map the archive
   */
  public static List<String> train(Path archive, SidecarRuntime runtime)
      throws IOException, InterruptedException {
    Files.deleteIfExists(archive);
    Path log = archive.resolveSibling(archive.getFileName() + ".training.log");
    List<String> command = new ArrayList<>();
    command.add(runtime.java().toString());
    command.addAll(runtime.opts("archive-training"));
    command.addAll(MAPPED_AS_THE_IMAGE);
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.addAll(List.of("-jar", runtime.sidecarJar().toString(), "--train"));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("CACHESYNC_TRAIN_REDIS"); // as the image: no Redis
    Process p = pb.start();
    if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "the archive training did not exit in " + TRAINING_TIMEOUT_SECONDS + " s; see " + log);
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "the archive training exited with "
              + p.exitValue()
              + " and wrote "
              + (Files.isRegularFile(archive) ? "" : "no ")
              + "class-data archive at "
              + archive
              + "; see "
              + log);
    }
    List<String> map = new ArrayList<>(MAPPED_AS_THE_IMAGE);
    map.add("-XX:SharedArchiveFile=" + archive);
    return map;
  }
}
