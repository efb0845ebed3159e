package io.cachesync.bench;

import io.cachesync.bench.family.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of the harness (bin/bench passes the jar; see {@link #USAGE}). */
public record BenchOptions(
    Path sidecarJar,
    Path json,
    boolean quick,
    Set<String> only,
    List<String> sidecarJvmOpts,
    Path sidecarJava,
    boolean jarInPlace,
    boolean clientDirectExecutor,
    boolean list,
    Set<Topology> topologies,
    Duration remoteDelay,
    boolean help) {

  /** About half an in-zone round trip (0.2 ms): the one-way delay of the remote Redis floor. */
  static final Duration DEFAULT_REMOTE_DELAY = Duration.ofNanos(100_000);

  static final String SYNOPSIS =
      "usage: bin/bench [--quick] [--json FILE] [--only NAME,...] [--topology standalone,cluster] [--sidecar-jvm-opts \"...\"] [--no-build] [--help]";

  static final String USAGE =
      """
      usage: bin/bench [--quick] [--json FILE] [--only NAME,...] [--topology standalone,cluster]
                       [--sidecar-jvm-opts "..."] [--remote-delay-us N]
                       [--sidecar-java PATH] [--jar-in-place] [--client-direct-executor]
                       [--list] [--no-build] [--help]
             (java -jar bench/target/cachesync-bench.jar --sidecar-jar PATH ...)

      Starts a real redis-server and real sidecar processes on 127.0.0.1, measures them against
      floors taken in the same run (a no-op gRPC server, Redis through Lettuce), and prints a
      table: figure, value, unit, baseline, ratio, target, pass/MISS. Everything it starts is
      stopped on exit, on failure and on Ctrl-C. Exit status: 0 every figure was produced (targets
      missed or not), 1 a measurement failed, 2 bad arguments, 130 interrupted.

        --quick                   a short run (seconds per family): every figure, rough values
        --json FILE               also write {"machine": {...}, "figures": [...]} to FILE
        --only NAME,...           only these families or figures: startup, memory, latency, l0
                                  (a hit from the Java client's in-process L0),
                                  throughput, getmany, session (Gets on one Session stream
                                  against unary Gets), propagation, invalidation,
                                  stream-propagation, stream-invalidation (the same over
                                  sidecars with sync.delivery: Stream), signed-propagation,
                                  signed-invalidation (the same over sidecars that sign every
                                  frame, sync.keyFile), fanout (4, 32 and 128 subscribers,
                                  against raw Pub/Sub), stampede; cluster-fanout and
                                  cluster-propagation (the 3-shard cluster, sharded Pub/Sub,
                                  against standalone) also come with fanout and propagation
        --topology LIST           the Redis deployments the fan-out and propagation comparison
                                  run on: standalone, cluster, or both (default both); sidecars
                                  that refuse redis.mode: Cluster leave their cluster figures
                                  "not measured" with the reason, and the raw floors are measured
        --remote-delay-us N       the one-way delay of the "remote" Redis floor (latency): a
                                  proxy on 127.0.0.1 holds each chunk N µs each way (default
                                  100, about an in-zone round trip of 0.2 ms; 0 to 100000)
        --sidecar-jvm-opts "..."  JVM options for every sidecar and the no-op server
                                  (e.g. "-XX:+UseSerialGC -Xmx64m"); {name} in an option becomes
                                  the process's name (pod-1, idle, noop-grpc...), e.g. for JFR:
                                  "-XX:StartFlightRecording=filename=/tmp/{name}.jfr"; the memory
                                  figure's filled sidecar gets -Xmx1g (entries fit) and
                                  -XX:MarkSweepDeadRatio=0 (no dead space counted) after them
        --sidecar-java PATH       the java that runs them (default: the harness's own)
        --jar-in-place            run the sidecar jar where it is instead of a private copy
                                  (CDS and AOT archives are tied to the jar's path)
        --client-direct-executor  the harness's gRPC clients run callbacks on the transport
                                  thread (the same for sidecar and no-op calls)
        --sidecar-jar PATH        the sidecar's shaded jar (default: the system property
                                  cachesync.sidecar.jar, else sidecar/target/cachesync-sidecar.jar)
        --list                    the figures, their units, baselines and targets
        --no-build                (bin/bench) use the jars as they are
        --help                    this text
      """;

  /**
   * @throws IllegalArgumentException with a message for the user when the arguments are wrong
   */
  static BenchOptions parse(String... args) {
    Path jar =
        Path.of(
            System.getProperty("cachesync.sidecar.jar", "sidecar/target/cachesync-sidecar.jar"));
    Path json = null;
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>();
    List<String> jvmOpts = new ArrayList<>();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    boolean inPlace = false;
    boolean direct = false;
    boolean list = false;
    Set<Topology> topologies = EnumSet.allOf(Topology.class);
    Duration remoteDelay = DEFAULT_REMOTE_DELAY;
    boolean help = false;
    arguments:
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> {
          // whatever follows, and whether the jar exists yet: the user asked for the text
          help = true;
          break arguments;
        }
        case "--quick" -> quick = true;
        case "--jar-in-place" -> inPlace = true;
        case "--client-direct-executor" -> direct = true;
        case "--list" -> list = true;
        case "--json" -> json = Path.of(value != null ? value : next(args, ++i, arg));
        case "--sidecar-jar" -> jar = Path.of(value != null ? value : next(args, ++i, arg));
        case "--sidecar-java" -> java = Path.of(value != null ? value : next(args, ++i, arg));
        case "--sidecar-jvm-opts" -> {
          String opts = value != null ? value : next(args, ++i, arg);
          for (String o : opts.trim().split("\\s+")) if (!o.isEmpty()) jvmOpts.add(o);
        }
        case "--topology" -> {
          String names = value != null ? value : next(args, ++i, arg);
          topologies = EnumSet.noneOf(Topology.class);
          for (String n : names.split(",")) if (!n.isBlank()) topologies.add(Topology.parse(n));
          if (topologies.isEmpty()) throw new IllegalArgumentException("--topology: none given");
        }
        case "--remote-delay-us" ->
            remoteDelay = remoteDelay(value != null ? value : next(args, ++i, arg));
        case "--only" -> {
          String names = value != null ? value : next(args, ++i, arg);
          for (String n : names.split(",")) if (!n.isBlank()) only.add(n.trim());
        }
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (!help && !list && !Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "the sidecar jar "
              + jar
              + " does not exist (bin/bench builds it; or pass --sidecar-jar)");
    }
    if (!help && !Files.isExecutable(java)) {
      throw new IllegalArgumentException("--sidecar-java " + java + " is not an executable");
    }
    return new BenchOptions(
        jar,
        json,
        quick,
        only,
        jvmOpts,
        java,
        inPlace,
        direct,
        list,
        topologies,
        remoteDelay,
        help);
  }

  Workload workload() {
    return quick ? Workload.quickRun() : Workload.fullRun();
  }

  private static Duration remoteDelay(String micros) {
    long us;
    try {
      us = Long.parseLong(micros.trim());
    } catch (NumberFormatException e) {
      us = -1;
    }
    if (us < 0 || us > 100_000) {
      throw new IllegalArgumentException(
          "--remote-delay-us: a whole number of microseconds from 0 to 100000, got '"
              + micros
              + "'");
    }
    return Duration.ofNanos(us * 1_000);
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[i];
  }
}
