package io.cachesync.bench.family;

import io.cachesync.bench.Rig;
import io.cachesync.bench.proc.SidecarProcess;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up: from forking {@code java -jar} to the first SERVING answer of grpc.health.v1 (which the
 * sidecar gives only once its invalidation channel is subscribed), for a sidecar with the minimal
 * config, polled every 5 ms. Started a few times one after the other; the median is the figure.
 */
public final class StartupFamily implements Family {
  @Override
  public String name() {
    return "startup";
  }

  @Override
  public List<String> figures() {
    return List.of("startup_ms");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    String redis = rig.redis().uri();
    List<Double> millis = new ArrayList<>();
    for (int i = 1; i <= rig.workload().startupRuns(); i++) {
      SidecarProcess s =
          rig.spawnSidecar(
              "startup-" + i,
              List.of(),
              port -> SidecarYaml.minimal(redis, port, rig.channelName("startup"), 10_000));
      try {
        millis.add(s.awaitServing() / (double) TimeUnit.MILLISECONDS.toNanos(1));
      } finally {
        s.stop();
      }
    }
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    results.put("startup_ms", median);
    results.note(
        "startup: "
            + millis.stream().map(m -> String.format("%.0f", m)).toList()
            + " ms to SERVING, in start order");
    rig.progress("start-up %.0f ms (median of %d)", median, millis.size());
  }
}
