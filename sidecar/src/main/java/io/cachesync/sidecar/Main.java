package io.cachesync.sidecar;

import io.cachesync.sidecar.cache.HeapGuard;
import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.training.ArchiveTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cachesync-sidecar.jar [--config FILE]}: without a config it starts on working
 * defaults (a local Redis, port 7070, one LookAside cache named {@code default}). Changes to the
 * config file apply while it runs, as far as they can without a restart ({@code reload.*}). SIGTERM
 * drains gracefully.
 */
public final class Main {
  private Main() {}

  /**
   * Lettuce records a JFR event per command, and Netty per buffer allocation, unless told not to:
   * some 100 JFR classes at start and work per command that only a JFR recording would read. Set
   * either property to true to have them back.
   */
  static final List<String> JFR_EVENTS = List.of("io.lettuce.core.jfr", "io.netty.jfr.enabled");

  public static void main(String[] args) {
    for (String p : JFR_EVENTS) if (System.getProperty(p) == null) System.setProperty(p, "false");
    if (args.length == 1 && args[0].equals("--train")) {
      // the image build's training start, for the class-data archive (cachesync-sidecar
      // --write-archive); the same JVM properties as a real start, so it loads what one loads
      System.exit(ArchiveTraining.run());
      return;
    }
    Path file;
    SidecarConfig config;
    Sidecar sidecar;
    try {
      file = configFile(args);
      config = file == null ? SidecarConfig.defaults() : ConfigLoader.load(file);
      sidecar = Sidecar.start(config, file);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("cachesync-sidecar: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IOException e) {
      System.err.println("cachesync-sidecar: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    // under the caches' own bounds: clears L1 rather than let the heap run out
    HeapGuard heapGuard = HeapGuard.start(sidecar.caches());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (heapGuard != null) heapGuard.close();
                  sidecar.close();
                  stopped.countDown();
                },
                "cachesync-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The config file named by {@code --config} or {@code CACHESYNC_CONFIG}; null for none. */
  static Path configFile(String[] args) {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> {
          if (i + 1 >= args.length) throw new IllegalArgumentException("--config needs a file");
          file = Path.of(args[++i]);
        }
        case "--help", "-h" -> {
          System.out.println(
              "usage: java -jar cachesync-sidecar.jar [--config FILE]\n"
                  + "       java -jar cachesync-sidecar.jar --train   (a short start for a"
                  + " class-data archive; see cachesync-sidecar --write-archive)");
          System.exit(0);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown argument '" + args[i] + "'; usage: [--config FILE]");
      }
    }
    if (file == null) {
      String env = System.getenv("CACHESYNC_CONFIG");
      if (env != null && !env.isBlank()) file = Path.of(env);
    }
    return file;
  }
}
