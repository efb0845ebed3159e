package io.cachesync.demo;

import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.cachesync.testsupport.sidecar.SidecarSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The N sidecars of the demo, one JVM per pretend pod, the way a pod runs it: spawned together,
 * awaited one by one (grpc.health.v1 SERVING, at most 30 s), stopped together (SIGTERM, up to 10 s
 * to drain, then SIGKILL).
 */
final class Sidecars {
  static final String CHANNEL = "cachesync.demo.books";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final List<String> JVM_FLAGS =
      List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final SidecarLauncher launcher = new SidecarLauncher();
  private final List<LaunchedSidecar> all = new ArrayList<>();

  /**
   * Spawns {@code n} sidecars {@code pod-1..pod-n} at once, then waits until each one is SERVING.
   *
   * @throws DemoFailure when one does not start; the message quotes its log
   */
  void start(int n, Path jar, Path dir, String redisUri) {
    Path copy = privateCopy(jar, dir);
    Path key = syncKey(dir);
    try {
      for (int i = 1; i <= n; i++) {
        String pod = "pod-" + i;
        LaunchedSidecar s =
            launcher.spawn(
                SidecarSpec.jar(copy, pod, dir)
                    .jvmOptions(JVM_FLAGS)
                    .config(port -> yaml(pod, redisUri, port, key))
                    .readyTimeout(READY_TIMEOUT)
                    .stopGrace(STOP_GRACE)
                    .build());
        synchronized (this) {
          all.add(s);
        }
      }
      for (LaunchedSidecar s : list()) s.awaitServing();
    } catch (IllegalStateException e) {
      // spawned after a Ctrl-C, exited at start or not SERVING in time: say so, no stack trace
      throw new DemoFailure(e.getMessage(), e);
    }
  }

  /**
   * The key the pods sign their frames with, as the operator makes one per CacheSync: 32 random
   * bytes, base64url. Whoever can PUBLISH on the channel without it is not listened to.
   */
  private static Path syncKey(Path dir) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    Path key = dir.resolve("sync-key");
    try {
      return Files.writeString(key, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    } catch (IOException e) {
      throw new DemoFailure("cannot write the sync key " + key + ": " + e.getMessage(), e);
    }
  }

  private static String yaml(String pod, String redisUri, int grpcPort, Path key) {
    return """
        # %s's sidecar, written by bin/demo
        redis: {url: %s}
        grpc: {port: %d}
        metrics: {port: 0}
        sync: {channel: %s, keyFile: %s}
        caches:
          - {name: books, strategy: LookAside, maximumSize: 10000, ttl: 10m}
        """
        .formatted(pod, redisUri, grpcPort, CHANNEL, key);
  }

  /**
   * The sidecars run from a copy of the jar in the temp dir: a rebuild of sidecar/target while the
   * demo runs would otherwise pull the classes from under their feet.
   */
  private static Path privateCopy(Path jar, Path dir) {
    Path copy = dir.resolve(jar.getFileName());
    try {
      return Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new DemoFailure("cannot copy " + jar + " to " + copy + ": " + e.getMessage(), e);
    }
  }

  synchronized List<LaunchedSidecar> list() {
    return List.copyOf(all);
  }

  /**
   * SIGTERM to every sidecar at once, then up to {@link #STOP_GRACE} for all of them to drain and
   * exit; those still running after that are killed.
   *
   * @return a line saying how it went, or null if there was nothing to stop
   */
  String stop() {
    int count = list().size();
    long start = System.nanoTime();
    List<String> killed = launcher.stopAll();
    if (count == 0) return null;
    String took = StepTable.duration(System.nanoTime() - start);
    return killed.isEmpty()
        ? "stopped " + count + " sidecars (SIGTERM, all exited within " + took + ")"
        : "stopped "
            + count
            + " sidecars; "
            + killed
            + " did not exit within "
            + STOP_GRACE.toSeconds()
            + " s of SIGTERM and were killed";
  }
}
