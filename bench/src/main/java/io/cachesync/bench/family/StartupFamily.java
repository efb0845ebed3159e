package io.cachesync.bench.family;

import io.cachesync.bench.Rig;
import io.cachesync.bench.proc.ClassDataArchive;
import io.cachesync.bench.proc.ProcMemory;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up: from forking {@code java -jar} to the first SERVING answer of grpc.health.v1 (which the
 * sidecar gives only once its invalidation channel is subscribed), for a sidecar with the minimal
 * config, polled every 5 ms. Started a few times one after the other; the median is the figure.
 *
 * <p>Then the same with a class-data archive, as a new pod of an image that carries one starts
 * (src/main/docker/Dockerfile): the sidecar's training ({@code --train}, no Redis) writes the
 * archive at exit ({@code -XX:ArchiveClassesAtExit}, which JDK 17 has too), and the timed starts
 * map it.
 */
public final class StartupFamily implements Family {
  @Override
  public String name() {
    return "startup";
  }

  @Override
  public List<String> figures() {
    return List.of("startup_ms", "startup_cds_ms", "rss_idle_cds_mib");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    double cold = series(rig, results, "startup", List.of(), null);
    results.put("startup_ms", cold);
    rig.progress("start-up %.0f ms (median of %d)", cold, rig.workload().startupRuns());

    List<String> mapArchive =
        ClassDataArchive.train(rig.dir().resolve("sidecar-cds.jsa"), rig.runtime());
    double[] rss = {0};
    double warm = series(rig, results, "startup-cds", mapArchive, rss);
    results.put("startup_cds_ms", warm);
    results.put("rss_idle_cds_mib", rss[0]);
    rig.progress("start-up with a class-data archive %.0f ms, idle RSS %.1f MiB", warm, rss[0]);
  }

  /**
   * Starts one after the other; the median time to SERVING.
   *
   * @param rss when not null, receives the last start's RSS once it settled
   */
  private static double series(
      Rig rig, Results results, String name, List<String> jvmOpts, double[] rss) throws Exception {
    List<Double> millis = new ArrayList<>();
    int runs = rig.workload().startupRuns();
    for (int i = 1; i <= runs; i++) {
      LaunchedSidecar s = start(rig, name + "-" + i, jvmOpts);
      try {
        millis.add(s.awaitServing().toNanos() / (double) TimeUnit.MILLISECONDS.toNanos(1));
        if (rss != null && i == runs) {
          Thread.sleep(rig.workload().idleSettle().toMillis());
          rss[0] = ProcMemory.rssBytes(s.pid()) / (1024.0 * 1024.0);
        }
      } finally {
        s.stop();
      }
    }
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    results.note(
        name
            + ": "
            + millis.stream().map(m -> String.format("%.0f", m)).toList()
            + " ms to SERVING, in start order");
    return sorted.get(sorted.size() / 2);
  }

  private static LaunchedSidecar start(Rig rig, String name, List<String> jvmOpts) {
    String redis = rig.redis().uri();
    return rig.spawnSidecar(
        name,
        jvmOpts,
        port -> SidecarYaml.minimal(redis, port, rig.channelName("startup"), 10_000));
  }
}
