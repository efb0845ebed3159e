package io.cachesync.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The N sidecars of the demo: spawned together, awaited one by one, stopped together. */
final class Sidecars {
  private final List<SidecarProcess> all = new ArrayList<>();
  private boolean stopped;

  /**
   * Spawns {@code n} sidecars {@code pod-1..pod-n} at once, then waits until each one is SERVING.
   */
  void start(int n, Path jar, Path dir, String redisUri) {
    jar = privateCopy(jar, dir);
    for (int i = 1; i <= n; i++) {
      SidecarProcess p = SidecarProcess.spawn("pod-" + i, jar, dir, redisUri);
      boolean late;
      synchronized (this) {
        late = stopped;
        all.add(p);
      }
      if (late) {
        stop(); // Ctrl-C came while this one was spawning: it must not outlive the demo
        throw new DemoFailure("interrupted while starting the sidecars");
      }
    }
    for (SidecarProcess p : list()) p.awaitServing();
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

  synchronized List<SidecarProcess> list() {
    return List.copyOf(all);
  }

  /**
   * SIGTERM to every sidecar at once, then up to {@link SidecarProcess#STOP_TIMEOUT} for all of
   * them to drain and exit; those still running after that are killed.
   *
   * @return a line saying how it went, or null if there was nothing to stop
   */
  String stop() {
    List<SidecarProcess> procs;
    synchronized (this) {
      stopped = true;
      procs = List.copyOf(all);
    }
    if (procs.isEmpty()) return null;
    long start = System.nanoTime();
    List<Process> running = new ArrayList<>();
    for (SidecarProcess p : procs) running.add(p.beginStop());
    long deadline = start + SidecarProcess.STOP_TIMEOUT.toNanos();
    List<String> killed = new ArrayList<>();
    for (int i = 0; i < procs.size(); i++) {
      try {
        if (SidecarProcess.finishStop(running.get(i), deadline)) killed.add(procs.get(i).pod());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.get(i).destroyForcibly();
        killed.add(procs.get(i).pod());
      }
    }
    String took = StepTable.duration(System.nanoTime() - start);
    return killed.isEmpty()
        ? "stopped " + procs.size() + " sidecars (SIGTERM, all exited within " + took + ")"
        : "stopped "
            + procs.size()
            + " sidecars; "
            + killed
            + " did not exit within "
            + SidecarProcess.STOP_TIMEOUT.toSeconds()
            + " s of SIGTERM and were killed";
  }
}
