package io.cachesync.consistency.run;

import io.cachesync.consistency.history.OpKind;
import java.util.List;
import java.util.Random;

/**
 * The steps of one client thread, drawn from a {@link Random} seeded from the run's seed and the
 * thread's number, so a seed replays the same sequence of requests (their interleaving with the
 * other threads and the faults is the machine's). Few keys per cache, so that reads race writes.
 */
public final class Workload {
  /**
   * One operation to run.
   *
   * @param process the sidecar it goes to
   * @param viaInvalidate for an application that writes its database itself: tell the cache with an
   *     Invalidate rather than a Put of the new value
   * @param outside the change is made by another service, straight in the database and in Redis
   *     (L2), never through a sidecar: the sidecars hear of it through keyspace notifications
   * @param thinkMicros how long the client waits before the next step
   */
  public record Step(
      int process,
      CacheUnderTest cache,
      String key,
      OpKind kind,
      boolean viaInvalidate,
      boolean outside,
      int thinkMicros) {}

  private final Random random;
  private final List<CacheUnderTest> caches;
  private final int keys;
  private final int processes;
  private final boolean outsideWriter;

  /**
   * @param outsideWriter whether a third of the changes of caches an outside writer may change
   *     ({@link CacheUnderTest#outsideWritable()}) are made by one
   */
  public Workload(
      long seed,
      int worker,
      List<CacheUnderTest> caches,
      int keys,
      int processes,
      boolean outsideWriter) {
    this.random = new Random(seed * 1_000_003L + worker);
    this.caches = List.copyOf(caches);
    this.keys = keys;
    this.processes = processes;
    this.outsideWriter = outsideWriter;
  }

  public Step next() {
    CacheUnderTest cache = caches.get(random.nextInt(caches.size()));
    int roll = random.nextInt(100);
    OpKind kind = roll < 65 ? OpKind.READ : roll < 92 ? OpKind.WRITE : OpKind.DELETE;
    boolean outside = random.nextInt(3) == 0;
    return new Step(
        random.nextInt(processes),
        cache,
        "k" + random.nextInt(keys),
        kind,
        random.nextBoolean(),
        outside && kind != OpKind.READ && outsideWriter && cache.outsideWritable(),
        random.nextInt(3_000));
  }
}
