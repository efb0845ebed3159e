package io.cachesync.bench;

import io.cachesync.bench.family.Bus;
import io.cachesync.bench.family.ClusterPropagationFamily;
import io.cachesync.bench.family.Family;
import io.cachesync.bench.family.FanoutFamily;
import io.cachesync.bench.family.GetManyFamily;
import io.cachesync.bench.family.InvalidationFamily;
import io.cachesync.bench.family.L0Family;
import io.cachesync.bench.family.LatencyFamily;
import io.cachesync.bench.family.MemoryFamily;
import io.cachesync.bench.family.PropagationFamily;
import io.cachesync.bench.family.SessionFamily;
import io.cachesync.bench.family.StampedeFamily;
import io.cachesync.bench.family.StartupFamily;
import io.cachesync.bench.family.ThroughputFamily;
import io.cachesync.bench.family.Topology;
import io.cachesync.bench.proc.Channels;
import io.cachesync.bench.proc.SidecarRuntime;
import io.cachesync.bench.report.FigureCatalog;
import io.cachesync.bench.report.FigureSpec;
import io.cachesync.bench.report.JsonReport;
import io.cachesync.bench.report.Machine;
import io.cachesync.bench.report.ResultTable;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.Teardown;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bin/bench}: measures CacheSync on this machine. Starts a real redis-server and real
 * sidecar processes on 127.0.0.1, runs each measurement family (start-up and memory first, while
 * the machine is quietest, then the shared four pods), and prints every figure with the baseline it
 * is compared with in the same run. Exit status: 0 every figure of the selected families was
 * produced, 1 a family failed, 2 bad arguments, 130 interrupted.
 */
public final class Bench {
  static final List<Family> FAMILIES =
      List.of(
          new StartupFamily(),
          new MemoryFamily(),
          new LatencyFamily(),
          new L0Family(),
          new ThroughputFamily(),
          new GetManyFamily(),
          new SessionFamily(),
          new PropagationFamily(),
          new InvalidationFamily(),
          new PropagationFamily(Bus.STREAM),
          new InvalidationFamily(Bus.STREAM),
          new PropagationFamily(Bus.SIGNED),
          new InvalidationFamily(Bus.SIGNED),
          new FanoutFamily(),
          new FanoutFamily(Topology.CLUSTER),
          new ClusterPropagationFamily(),
          new StampedeFamily());

  /** What a run produced: its exit status, its figures and its machine block. */
  record Outcome(int status, Results results, Map<String, Object> machine) {}

  private final BenchOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final Teardown cleanup;
  private volatile boolean interrupted;

  Bench(BenchOptions options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.cleanup = new Teardown("bench", err);
  }

  static {
    // before any logger exists: the harness's table is its output, not the libraries' chatter
    quietLogger("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // the gRPC client sets SO_KEEPALIVE on every channel, which a Unix socket does not have
    quietLogger(
        "org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap", "error");
  }

  private static void quietLogger(String property, String level) {
    if (System.getProperty(property) == null) System.setProperty(property, level);
  }

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
      select(options);
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.println(BenchOptions.SYNOPSIS);
      System.exit(2);
      return;
    }
    if (options.help()) {
      out.print(BenchOptions.USAGE);
      return;
    }
    if (options.list()) {
      for (FigureSpec s : FigureCatalog.all()) {
        out.printf(
            "%-36s %-7s %-36s %-16s %s%n",
            s.name(),
            s.unit(),
            s.baseline() == null ? "" : s.baseline(),
            s.target() == null ? "" : s.target().describe(),
            s.meaning());
      }
      return;
    }
    Bench bench = new Bench(options, out, err);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::onShutdown, "cachesync-bench-shutdown"));
    System.exit(bench.run().status());
  }

  /**
   * The families {@code --only} names, directly or through one of their figures; all without it. A
   * family measured per topology runs only on the topologies {@code --topology} picks, and naming
   * one of them ({@code fanout}) picks its variants on those topologies too ({@code
   * cluster-fanout}; the cluster's propagation with {@code propagation}).
   */
  static List<Family> select(BenchOptions options) {
    List<Family> chosen = new ArrayList<>();
    if (options.only().isEmpty()) {
      for (Family f : FAMILIES) if (onPickedTopology(f, options)) chosen.add(f);
      return chosen;
    }
    for (String name : options.only()) {
      Family match =
          FAMILIES.stream()
              .filter(f -> f.name().equals(name) || f.figures().contains(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--only "
                              + name
                              + ": no such family or figure (families: "
                              + FAMILIES.stream().map(Family::name).toList()
                              + "; bin/bench --list names the figures)"));
      String base = baseName(match);
      for (Family f : FAMILIES) {
        boolean variant = f == match || (f.topology() != null && baseName(f).equals(base));
        if (variant && onPickedTopology(f, options)) {
          if (!chosen.contains(f)) chosen.add(f);
        }
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          "--only "
              + String.join(",", options.only())
              + " with --topology "
              + options.topologies().stream().map(Topology::label).toList()
              + ": nothing to run");
    }
    chosen.sort(Comparator.comparingInt(FAMILIES::indexOf));
    return chosen;
  }

  private static boolean onPickedTopology(Family f, BenchOptions options) {
    return f.topology() == null || options.topologies().contains(f.topology());
  }

  /** {@code cluster-fanout} and {@code fanout} are one measurement on two topologies. */
  private static String baseName(Family f) {
    return f.name().replaceFirst("^cluster-", "");
  }

  private void onShutdown() {
    if (cleanup.done()) return;
    interrupted = true;
    err.println();
    err.println("bench: interrupted, stopping everything it started...");
    cleanup.run();
  }

  Outcome run() {
    Workload w = options.workload();
    Results results = new Results();
    Machine machine = Machine.describe();
    List<Family> families = select(options);
    Thread watchdog = watchdog(w);
    try {
      Path dir = Files.createTempDirectory("cachesync-bench-");
      cleanup.add("the temp dir " + dir, () -> deleteTree(dir));
      Path jar =
          options.jarInPlace() ? options.sidecarJar() : privateCopy(options.sidecarJar(), dir);
      SidecarRuntime runtime =
          new SidecarRuntime(options.sidecarJava(), options.sidecarJvmOpts(), jar);
      SidecarLauncher launcher = new SidecarLauncher();
      cleanup.add("the processes", launcher::close);
      Channels channels = new Channels(options.clientDirectExecutor());
      cleanup.add("the gRPC channels", channels::close);
      describe(machine, runtime);
      err.printf(
          "CacheSync bench (%s run): %s; sidecar JVM options %s; files in %s%n",
          w.quick() ? "quick" : "full",
          families.stream().map(Family::name).toList(),
          runtime.jvmOpts().isEmpty() ? "(none)" : String.join(" ", runtime.jvmOpts()),
          dir);
      Rig rig = new Rig(w, dir, runtime, launcher, channels, cleanup, err, options.remoteDelay());
      for (Family f : families) {
        if (cleanup.done()) {
          results.error(f.name() + ": not run, the harness was stopping");
          continue;
        }
        runFamily(f, rig, results);
      }
      redisVersion(rig, machine);
    } catch (IOException | RuntimeException e) {
      results.error("setup: " + e);
      e.printStackTrace(err);
    } finally {
      watchdog.interrupt();
      cleanup.run();
    }
    Map<String, Object> block = machine.finish();
    report(results, block);
    if (interrupted) return new Outcome(130, results, block);
    boolean complete = true;
    for (Family f : families) {
      for (String name : f.figures()) complete &= results.accountedFor(name);
    }
    return new Outcome(complete && results.errors().isEmpty() ? 0 : 1, results, block);
  }

  private void runFamily(Family f, Rig rig, Results results) {
    // wall-clock times, to line a family up with a JFR recording or a GC log of the sidecars
    err.println("[" + f.name() + "] " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS));
    long t = System.nanoTime();
    try {
      f.run(rig, results);
    } catch (Exception | AssertionError e) {
      if (Thread.interrupted() || cleanup.done()) {
        results.error(f.name() + ": stopped (" + e.getMessage() + ")");
        return;
      }
      results.error(f.name() + ": " + e.getMessage());
      err.println("  FAILED: " + e);
      e.printStackTrace(err);
      return;
    }
    err.printf(
        "  (%.1f s, until %s)%n",
        (System.nanoTime() - t) / 1e9, LocalTime.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private void report(Results results, Map<String, Object> machine) {
    out.println();
    out.printf(
        "CacheSync bench, %s run on %s cores (%s), %s; load average %s -> %s%n",
        machine.get("mode"),
        machine.get("cores"),
        machine.get("cpu_model"),
        machine.get("sidecar_jdk"),
        machine.get("load_average_start"),
        machine.get("load_average_end"));
    out.println();
    ResultTable.print(results.figures(), out);
    if (!results.notMeasured().isEmpty()) {
      out.println();
      ResultTable.printNotMeasured(results.notMeasured(), out);
    }
    if (!results.notes().isEmpty()) {
      out.println();
      results.notes().forEach(n -> out.println("  " + n));
    }
    if (!results.errors().isEmpty()) {
      out.println();
      results.errors().forEach(e -> out.println("  FAILED " + e));
    }
    if (options.json() != null) {
      try {
        JsonReport.write(options.json(), machine, results);
        out.println();
        out.println("wrote " + options.json());
      } catch (IOException e) {
        err.println("bench: cannot write " + options.json() + ": " + e.getMessage());
      }
    }
  }

  private void describe(Machine machine, SidecarRuntime runtime) {
    machine
        .put("mode", options.quick() ? "quick" : "full")
        .put("sidecar_java", runtime.java().toString())
        .put("sidecar_jdk", javaVersion(runtime.java()))
        .put("sidecar_jvm_opts", String.join(" ", runtime.jvmOpts()))
        .put("client_direct_executor", options.clientDirectExecutor())
        .put("remote_redis_delay_us", options.remoteDelay().toNanos() / 1_000);
  }

  private static void redisVersion(Rig rig, Machine machine) {
    try {
      String info = rig.redisData().sync().info("server");
      for (String line : info.split("\\R")) {
        if (line.startsWith("redis_version:")) machine.put("redis", line.substring(14).trim());
      }
    } catch (RuntimeException e) {
      // only reached when no family used Redis or it is gone: the block simply has no version
    }
  }

  /** {@code java -version}'s runtime line, e.g. "OpenJDK Runtime Environment (build 17.0.15+6)". */
  private static String javaVersion(Path java) {
    try {
      Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      String[] lines = text.split("\\R");
      return lines.length > 1 ? lines[1].trim() : text.trim();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Ends the run, whatever it is doing, once the workload's time budget is spent. */
  private Thread watchdog(Workload w) {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(w.budget().toMillis());
              } catch (InterruptedException e) {
                return;
              }
              err.println("bench: the run took over " + w.budget().toMinutes() + " min; stopping");
              cleanup.run();
            },
            "cachesync-bench-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The sidecars run from a copy of the jar: a rebuild of sidecar/target during the run would
   * otherwise change the classes under their feet.
   */
  private static Path privateCopy(Path jar, Path dir) throws IOException {
    return Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
