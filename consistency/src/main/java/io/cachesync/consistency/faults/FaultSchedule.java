package io.cachesync.consistency.faults;

import io.cachesync.consistency.history.FaultEvent;
import io.cachesync.consistency.history.History;
import io.cachesync.consistency.redis.RedisUnderTest;
import io.cachesync.consistency.run.SidecarYaml;
import io.cachesync.consistency.run.StoreOfRecord;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Injects faults one at a time on a schedule drawn from the run's seed: a gap of half to one and a
 * half times {@code every}, a kind, a target, held 0.3 to 1.5 s, healed. The kinds come in rounds,
 * each a seeded shuffle of all of them, so a short run still meets every kind. None starts in the
 * last quiet stretch of the run, so the end state is reached without faults. A fault that can no
 * longer be injected (a failover, once its master is dead for good) leaves the rounds.
 */
public final class FaultSchedule implements AutoCloseable {
  private final List<Fault> faults;
  private final ArrayDeque<Fault> round = new ArrayDeque<>();
  private final Random random;
  private final Duration every;
  private final long quietFromNanos;
  private final History history;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile Exception failure;

  public FaultSchedule(
      List<FaultKind> kinds,
      long seed,
      Duration every,
      long quietFromNanos,
      List<LaunchedSidecar> sidecars,
      RedisUnderTest redis,
      StoreOfRecord store,
      SidecarYaml yaml,
      History history) {
    this.faults = new ArrayList<>();
    for (FaultKind k : kinds) {
      faults.add(
          switch (k) {
            case SIDECAR_PAUSE, SIDECAR_KILL -> new SidecarFault(k, sidecars);
            case PUBSUB_KILL, REDIS_RESTART -> new RedisFault(k, redis, yaml.channel());
            case OUTPUT_BUFFER_CUT -> new OutputBufferCut(sidecars, redis, yaml.channel());
            case FAILOVER -> new Failover(redis, yaml.heldKey());
            case SLOW_LOADER, FAILING_LOADER, HANGING_LOADER -> new LoaderFault(store, k);
            case CONFIG_RELOAD -> new ConfigReload(sidecars, yaml);
          });
    }
    this.random = new Random(seed ^ 0x5EED_FA17L);
    this.every = every;
    this.quietFromNanos = quietFromNanos;
    this.history = history;
    this.thread = new Thread(this::run, "fault-schedule");
  }

  public void start() {
    if (!faults.isEmpty()) thread.start();
  }

  private void run() {
    try {
      while (true) {
        long gap = (long) (every.toNanos() * (0.5 + random.nextDouble()));
        if (stop.await(gap, TimeUnit.NANOSECONDS)) return;
        if (System.nanoTime() > quietFromNanos) return;
        Fault f = next();
        if (f == null) return; // nothing left that can be injected
        long hold = TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(1_200));
        long start = System.nanoTime();
        String target = f.inject(random);
        boolean stopping = stop.await(hold, TimeUnit.NANOSECONDS);
        f.heal();
        history.add(new FaultEvent(f.kind().label(), target, start, System.nanoTime(), ""));
        if (stopping) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure = e;
    }
  }

  /**
   * The next kind of this round; a new round, shuffled, once every kind had its turn; null when no
   * kind can be injected any more.
   */
  private Fault next() {
    round.removeIf(f -> !f.available());
    if (round.isEmpty()) {
      List<Fault> shuffled = new ArrayList<>(faults.stream().filter(Fault::available).toList());
      Collections.shuffle(shuffled, random);
      round.addAll(shuffled);
    }
    return round.poll();
  }

  /**
   * Stops the schedule, healing the fault in hand.
   *
   * @throws IllegalStateException when a fault could not be injected or healed
   */
  @Override
  public void close() {
    stop.countDown();
    try {
      if (thread.isAlive()) thread.join(120_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) throw new IllegalStateException("a fault failed: " + failure, failure);
  }
}
