package io.cachesync.testsupport.sidecar;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sidecar's shaded jar as a build hands it to tests: {@code -Dcachesync.sidecar.jar} (set by
 * the failsafe configuration of the modules that run it), else {@code target/cachesync-sidecar.jar}
 * relative to the working directory.
 */
public final class SidecarJar {
  public static final String PROPERTY = "cachesync.sidecar.jar";

  private SidecarJar() {}

  /**
   * @throws IllegalStateException when the jar is not there
   */
  public static Path locate() {
    Path jar = Path.of(System.getProperty(PROPERTY, "target/cachesync-sidecar.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the sidecar module's package phase");
    }
    return jar;
  }
}
