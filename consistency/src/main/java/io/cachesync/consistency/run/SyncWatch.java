package io.cachesync.consistency.run;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.consistency.history.History;
import io.cachesync.consistency.history.Window;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches what each sidecar declares about its sync, by asking its Stats every 20 ms (one thread
 * per sidecar, so a paused one delays no other): a state other than CONNECTED opens a window that
 * the next CONNECTED answer closes, and a rise of the gap counter (lost messages noticed, caches
 * cleared) declares the heartbeat interval before it. Windows are widened to the polls around them,
 * since the state may have changed anywhere between two polls. A sidecar that does not answer
 * (paused, dead) declares nothing.
 */
final class SyncWatch implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(20);

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  SyncWatch(List<LaunchedSidecar> sidecars, String cache, History history) {
    for (int i = 0; i < sidecars.size(); i++) {
      int process = i;
      LaunchedSidecar s = sidecars.get(i);
      Thread t = new Thread(() -> watch(process, s, cache, history), "sync-watch-" + s.name());
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void watch(int process, LaunchedSidecar sidecar, String cache, History history) {
    long lastPoll = System.nanoTime();
    long openedAt = -1;
    String openState = null;
    long lastGaps = -1;
    while (!stopped) {
      long before = System.nanoTime();
      StatsResponse stats;
      try {
        stats =
            CacheServiceGrpc.newBlockingStub(sidecar.channel())
                .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
                .stats(StatsRequest.newBuilder().setCache(cache).build());
      } catch (StatusRuntimeException e) {
        LockSupport.parkNanos(POLL.toNanos());
        continue; // paused, dead or restarting: it declares nothing
      }
      long now = System.nanoTime();
      boolean connected = stats.getSyncState().equals("CONNECTED");
      if (!connected && openedAt < 0) {
        openedAt = lastPoll;
        openState = stats.getSyncState();
      } else if (connected && openedAt >= 0) {
        history.add(new Window(process, openedAt, now, openState));
        openedAt = -1;
      }
      if (lastGaps >= 0 && stats.getGaps() > lastGaps) {
        history.add(
            new Window(
                process,
                lastPoll - SidecarYaml.HEARTBEAT.toNanos(),
                now,
                "gaps " + lastGaps + "->" + stats.getGaps()));
      }
      lastGaps = stats.getGaps();
      lastPoll = before;
      LockSupport.parkNanos(POLL.toNanos());
    }
    if (openedAt >= 0) history.add(new Window(process, openedAt, System.nanoTime(), openState));
  }

  @Override
  public void close() {
    stopped = true;
    for (Thread t : threads) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
