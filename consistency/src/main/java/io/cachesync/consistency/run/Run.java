package io.cachesync.consistency.run;

import io.cachesync.consistency.ConsistencyOptions;
import io.cachesync.consistency.check.Checker;
import io.cachesync.consistency.check.FinalStateCheck;
import io.cachesync.consistency.check.Verdict;
import io.cachesync.consistency.faults.FaultSchedule;
import io.cachesync.consistency.history.History;
import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.redis.RedisUnderTest;
import io.cachesync.consistency.redis.Topology;
import io.cachesync.testsupport.Teardown;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.cachesync.testsupport.sidecar.SidecarSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * One run: a redis-server (or the Sentinel or Cluster topology asked for), the checker's store of
 * record, N sidecar processes with every cache under test, the clients and the fault schedule for
 * the run's duration, a quiet end, the write-behind drain, and the check. Everything started is
 * registered with the {@link Teardown}.
 */
public final class Run {
  private static final List<String> SIDECAR_JVM =
      List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final Duration DRAIN = Duration.ofSeconds(60);

  private final ConsistencyOptions options;
  private final Teardown teardown;
  private final PrintStream progress;

  public Run(ConsistencyOptions options, Teardown teardown, PrintStream progress) {
    this.options = options;
    this.teardown = teardown;
    this.progress = progress;
  }

  public RunResult execute() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("cachesync-consistency-");
    // the last step to run: the sidecars' logs stay when the run found something
    AtomicBoolean keep = new AtomicBoolean(true);
    teardown.add(
        "the temp dir " + dir,
        () -> {
          if (!keep.get()) deleteTree(dir);
        });
    List<CacheUnderTest> caches = CacheUnderTest.of(options.strategies(), options.l2());
    boolean outside =
        options.outsideWriter() && caches.stream().anyMatch(CacheUnderTest::outsideWritable);
    // the outside writer's changes reach the sidecars only as keyspace notifications
    RedisUnderTest redis = RedisUnderTest.start(options.topology(), outside);
    teardown.add(
        options.topology() == Topology.STANDALONE
            ? "redis-server"
            : "the " + options.topology().mode() + " processes",
        redis::close);
    StoreOfRecord store = new StoreOfRecord();
    teardown.add("the CacheLoader", store::close);
    SidecarLauncher launcher = new SidecarLauncher();
    teardown.add("the sidecars", launcher::close);
    String channel = "cachesync.consistency." + Long.toHexString(options.seed());
    progress.printf(
        "%s; CacheLoader %s; caches %s; files in %s%n",
        redis.describe(), store.target(), caches.stream().map(CacheUnderTest::name).toList(), dir);

    SidecarYaml yaml =
        new SidecarYaml(
            redis.url(),
            options.topology() == Topology.STANDALONE ? null : options.topology().mode(),
            store.target(),
            channel,
            options.delivery(),
            caches,
            outside,
            syncKey(dir).toString());
    List<LaunchedSidecar> sidecars = new ArrayList<>();
    for (int i = 1; i <= options.sidecars(); i++) {
      sidecars.add(
          launcher.spawn(
              SidecarSpec.jar(options.sidecarJar(), "pod-" + i, dir)
                  .jvmOptions(SIDECAR_JVM)
                  .config(port -> yaml.forPort(port, false))
                  .stopGrace(Duration.ofSeconds(5))
                  .build()));
    }
    for (LaunchedSidecar s : sidecars) awaitServing(s);
    for (LaunchedSidecar s : sidecars) {
      progress.printf("  %s 127.0.0.1:%d pid %d (%s)%n", s.name(), s.port(), s.pid(), s.origin());
    }

    History history = new History(System.nanoTime());
    long end = history.originNanos() + options.duration().toNanos();
    long quiet = Math.min(Duration.ofSeconds(5).toNanos(), options.duration().toNanos() / 4);
    SyncWatch watch = new SyncWatch(sidecars, caches.get(0).name(), history);
    watch.start();
    FaultSchedule faults =
        new FaultSchedule(
            options.scheduledFaults(),
            options.seed(),
            options.faultEvery(),
            end - quiet,
            List.copyOf(sidecars),
            redis,
            store,
            yaml,
            history);
    faults.start();
    runClients(sidecars, store, redis, history, yaml, end);
    faults.close();
    progress.printf(
        "workload done: %d operations, %d faults; draining write-behind...%n",
        history.ops().size(), history.faults().size());
    List<String> undrained = WriteBehindDrain.awaitFlushed(redis, channel, caches, DRAIN);
    watch.close();

    RunResult result = check(history, caches, store, undrained, dir);
    keep.set(!result.passed());
    return result;
  }

  /**
   * The history against the model: every read, then the store's end state for the strategies that
   * write it, with write-behind changes a Redis restart took before their flush counted as of
   * unknown outcome (docs/consistency.md declares them lost).
   */
  private RunResult check(
      History history,
      List<CacheUnderTest> caches,
      StoreOfRecord store,
      List<String> undrained,
      Path dir) {
    Set<String> writeBehind = namesOf(caches, c -> c.strategy() == Strategy.WRITE_BEHIND);
    Set<String> storeWriters = namesOf(caches, c -> !c.strategy().applicationWritesStore());
    List<Op> recorded = history.ops();
    List<Op> ops = DeclaredLosses.apply(recorded, history.faults(), writeBehind, store);
    Verdict verdict =
        new Checker(options.bound())
            .check(ops, history.windows())
            .plus(
                FinalStateCheck.check(
                    ops.stream().filter(op -> storeWriters.contains(op.cache())).toList(),
                    store.rows()));
    return new RunResult(
        caches, history, verdict, undrained, (int) DeclaredLosses.count(recorded, ops), dir);
  }

  private static Set<String> namesOf(
      List<CacheUnderTest> caches, java.util.function.Predicate<CacheUnderTest> which) {
    return caches.stream().filter(which).map(CacheUnderTest::name).collect(Collectors.toSet());
  }

  /** The client threads, each on its own seeded {@link Workload}, until {@code end}. */
  private void runClients(
      List<LaunchedSidecar> sidecars,
      StoreOfRecord store,
      RedisUnderTest redis,
      History history,
      SidecarYaml yaml,
      long end)
      throws InterruptedException {
    List<CacheUnderTest> caches = yaml.caches();
    boolean outside = yaml.keyspaceEvents();
    AtomicLong ids = new AtomicLong();
    AtomicLong values = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    L0Readers l0 = options.l0Workers() > 0 ? new L0Readers(sidecars) : null;
    for (int w = 0; w < options.workers(); w++) {
      Workload workload =
          new Workload(options.seed(), w, caches, options.keys(), options.sidecars(), outside);
      AppClient client =
          new AppClient(
              w, sidecars, store, redis, history, ids, values, w < options.l0Workers() ? l0 : null);
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end && !teardown.done()) {
                  Workload.Step step = workload.next();
                  client.run(step);
                  LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(step.thinkMicros()));
                }
              },
              "client-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    if (l0 != null) l0.close();
  }

  /**
   * A sidecar that refuses the topology's {@code redis.mode} (a build without Cluster) fails the
   * run with the sidecar's own reason first, not only its log.
   */
  /** A config error's line from the field's name on: "<file>.yaml: caches[6].l2.prefix: ...". */
  private static String withoutFile(String line) {
    int file = line.indexOf(".yaml: ");
    return file < 0
        ? line.substring(Math.max(0, line.indexOf("redis.")))
        : line.substring(file + 7);
  }

  private void awaitServing(LaunchedSidecar s) {
    try {
      s.awaitServing();
    } catch (IllegalStateException e) {
      String refusal =
          s.logText()
              .lines()
              .filter(l -> l.contains("redis.mode") || l.contains("redis.url"))
              .findFirst()
              .map(Run::withoutFile) // the field's name on, no log prefix
              .orElse(null);
      if (refusal == null) throw e;
      throw new IllegalStateException(
          s.name() + " refused its config on " + options.topology().mode() + ": " + refusal.strip(),
          e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The frames' key, as the operator makes one per CacheSync: 32 random bytes, base64url. */
  private static Path syncKey(Path dir) throws IOException {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Files.writeString(
        dir.resolve("sync-key"), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }
}
