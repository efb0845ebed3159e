package io.cachesync.sidecar.training;

import io.cachesync.sidecar.Sidecar;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.SidecarConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code Main --train}: a short, bounded start of a real sidecar whose only purpose is the classes
 * it loads, for the class-data archive the JVM writes as it exits ({@code cachesync-sidecar
 * --write-archive FILE}, which adds {@code -XX:ArchiveClassesAtExit}). The image build runs it with
 * no network, so it needs nothing outside the process: a config of its own (a cache of every
 * strategy, a loader it serves itself, ephemeral loopback ports), Redis at {@value #REDIS_ENV} when
 * set, else at a loopback port where nothing listens (the sidecar then never serves, and the calls
 * are refused, which still loads their path up to the refusal). It serves no application, so it
 * opens no stale-read window: its caches live and die with the training.
 */
public final class ArchiveTraining {
  /**
   * A Redis for the training (a redis:// URL); unset: none, and the calls are refused. A throwaway
   * one: the training writes L2 keys and a write-behind stream under its own channel's prefix,
   * {@code cachesync.archive-training}, and leaves them.
   */
  public static final String REDIS_ENV = "CACHESYNC_TRAIN_REDIS";

  /** The whole training, start to exit; past it the JVM halts with 1 and writes no archive. */
  static final Duration BOUND = Duration.ofSeconds(15);

  /** How long a training with Redis waits for SERVING before it fails. */
  static final Duration SERVING_WAIT = Duration.ofSeconds(8);

  private ArchiveTraining() {}

  /** Runs the training; the exit status: 0 done, 1 it could not start or serve. */
  public static int run() {
    long started = System.nanoTime();
    Thread watchdog = watchdog();
    String redis = System.getenv(REDIS_ENV);
    boolean withRedis = redis != null && !redis.isBlank();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("cachesync-training");
      String redisUrl = withRedis ? redis.trim() : "redis://127.0.0.1:" + freePort();
      try (TrainingLoader loader = TrainingLoader.start()) {
        Path file = dir.resolve("training.yaml");
        String yaml =
            TrainingConfig.yaml(redisUrl, freePort(), loader.target(), socket(dir), keyFile(dir));
        Files.writeString(file, yaml);
        SidecarConfig config;
        try {
          config = ConfigLoader.parse(yaml);
        } catch (ConfigException e) {
          System.err.println(
              "cachesync-sidecar --train: "
                  + e.getMessage()
                  + (withRedis ? " (redis.url is " + REDIS_ENV + ")" : ""));
          return 1;
        }
        String outcome;
        try (Sidecar sidecar = Sidecar.start(config, file)) {
          if (withRedis && !await(sidecar::serving, SERVING_WAIT)) {
            System.err.println(
                "cachesync-sidecar --train: not SERVING in "
                    + SERVING_WAIT.toSeconds()
                    + " s with Redis at "
                    + redisUrl
                    + " ("
                    + REDIS_ENV
                    + "): "
                    + sidecar.bus().lastError()
                    + "; unset "
                    + REDIS_ENV
                    + " to train without Redis");
            return 1;
          }
          if (!withRedis) await(() -> sidecar.bus().lastError() != null, Duration.ofSeconds(2));
          ManagedChannel channel =
              NettyChannelBuilder.forAddress("127.0.0.1", sidecar.grpcPort())
                  .usePlaintext()
                  .build();
          try {
            outcome =
                new TrainingRound(channel)
                    .run(
                        config.caches().stream().map(CacheConfig::name).toList(),
                        sidecar.metricsPort());
            // write-behind flushes to the loader's Store on its own schedule
            if (withRedis) await(() -> loader.stores() > 0, Duration.ofSeconds(2));
          } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
          }
        }
        System.err.printf(
            "cachesync-sidecar --train: %s calls, %d Store calls to the loader, Redis %s, %d ms%n",
            outcome,
            loader.stores(),
            withRedis ? "at " + redisUrl : "absent",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return 0;
      }
    } catch (ConfigException e) {
      System.err.println("cachesync-sidecar --train: " + e.getMessage());
      return 1;
    } catch (IOException | RuntimeException e) {
      System.err.println("cachesync-sidecar --train: cannot start the training sidecar: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("cachesync-sidecar --train: interrupted");
      return 1;
    } finally {
      if (dir != null) deleteQuietly(dir);
      // the JVM writes the archive after run() returns: no halt in the middle of that
      watchdog.interrupt();
    }
  }

  /** A throwaway frame-signing key, as a pod's mounted Secret holds one. */
  private static Path keyFile(Path dir) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = dir.resolve("sync.key");
    Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    return file;
  }

  /** A Unix socket too where the sidecar can bind one (native epoll), as pods often serve on. */
  private static Path socket(Path dir) {
    return Epoll.isAvailable() ? dir.resolve("cache.sock") : null;
  }

  private static boolean await(BooleanSupplier condition, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(10);
    }
    return true;
  }

  /** A loopback port nobody listens on right now. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Past {@link #BOUND}, a stuck training must fail the image build, not hang it. */
  private static Thread watchdog() {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(BOUND.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              System.err.println(
                  "cachesync-sidecar --train: not done in "
                      + BOUND.toSeconds()
                      + " s; giving up (no archive written)");
              Runtime.getRuntime().halt(1);
            },
            "cachesync-training-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind costs nothing that matters
    }
  }
}
