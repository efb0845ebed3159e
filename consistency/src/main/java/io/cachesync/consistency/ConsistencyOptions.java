package io.cachesync.consistency;

import io.cachesync.consistency.faults.FaultKind;
import io.cachesync.consistency.redis.Topology;
import io.cachesync.consistency.run.CacheUnderTest.L2Mode;
import io.cachesync.consistency.run.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@code bin/consistency} was asked to run, parsed once from its arguments.
 *
 * @param bound how long after a change completed a read may still return the value it replaced
 * @param history where to write every operation, one per line, or null
 * @param outsideWriter whether another service changes L2 caches straight in Redis (LookAside and
 *     ReadThrough with L2), heard by the sidecars through keyspace notifications
 * @param topology the Redis the sidecars share: one server, Sentinel or a cluster
 * @param l0Workers how many of the client threads read through the Java client with its in-process
 *     L0 (the others call the sidecars directly)
 */
public record ConsistencyOptions(
    long seed,
    Duration duration,
    int sidecars,
    String delivery,
    List<Strategy> strategies,
    L2Mode l2,
    List<FaultKind> faults,
    Duration faultEvery,
    Duration bound,
    int keys,
    int workers,
    int l0Workers,
    Path sidecarJar,
    Path history,
    boolean outsideWriter,
    Topology topology,
    boolean help) {

  public static final String SYNOPSIS =
      "usage: bin/consistency [--seed N] [--duration 5m] [--sidecars N] [--delivery PubSub|Stream]"
          + " [--strategies LIST] [--l2 off|on|both] [--faults LIST|none] [--fault-every 3s]"
          + " [--bound 1s] [--keys N] [--workers N] [--l0-workers N] [--outside-writer on|off]"
          + " [--history FILE]"
          + " [--topology Standalone|Sentinel|Cluster] [--sidecar-jar JAR]";

  public static final String USAGE =
      SYNOPSIS
          + "\n\n"
          + """
          Runs a seeded, randomized workload over several sidecar processes (one redis-server,
          or the --topology asked for; a CacheLoader the checker serves itself) while injecting faults on a seeded schedule,
          records every operation with its invocation and completion time, and checks the
          history against docs/consistency.md. Prints the operations, faults, declared windows,
          violations (each with its key's history) and the largest staleness, and ends with
            consistency: ops=N faults=N violations=N max_staleness_ms=N
          Exit status: 0 no violation, 1 violations, 2 bad arguments, 3 the run itself failed.

            --seed N          the workload's and the fault schedule's seed (default: random, printed)
            --duration D      how long the workload runs (default 60s; e.g. 45s, 5m)
            --sidecars N      sidecar processes (default 3)
            --delivery MODE   the sidecars' sync.delivery: PubSub (default) or Stream
            --strategies L    comma-separated: LookAside,ReadThrough,WriteThrough,WriteBehind,
                              WriteAround (or la,rt,wt,wb,wa; default all)
            --l2 MODE         caches without L2 (off), with L2 (on) or both (default both);
                              WriteBehind always has L2
            --faults L        comma-separated, or none (default all): %s
            --fault-every D   the mean time between faults (default 3s)
            --bound D         the propagation bound a read may lag a change by (default 1s)
            --keys N          keys per cache (default 5: few keys, many races)
            --workers N       client threads (default 4)
            --l0-workers N    of those, how many read through the Java client with its in-process
                              L0 on, one client per sidecar (default 0)
            --outside-writer  on (default) or off: a third of the changes of LookAside and
                              ReadThrough caches with L2 are made by another service straight
                              in Redis, heard through keyspace notifications
            --topology T      the Redis the sidecars share (their redis.mode): Standalone (one
                              server, default), Sentinel (a master, a replica, 3 sentinels) or
                              Cluster (3 masters + 3 replicas, sharded Pub/Sub); faults that
                              cannot apply to it are left out, and the run says which
            --history FILE    also write every operation to FILE
            --sidecar-jar J   the sidecar's shaded jar (bin/consistency passes it)
            --no-build        (bin/consistency) run the jars as they are, even when stale
          """
              .formatted(
                  String.join(
                      ", ", Arrays.stream(FaultKind.values()).map(FaultKind::label).toList()));

  public static ConsistencyOptions parse(String... args) {
    long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
    Duration duration = Duration.ofSeconds(60);
    int sidecars = 3;
    String delivery = "PubSub";
    List<Strategy> strategies = List.of(Strategy.values());
    L2Mode l2 = L2Mode.BOTH;
    List<FaultKind> faults = List.of(FaultKind.values());
    Duration faultEvery = Duration.ofSeconds(3);
    Duration bound = Duration.ofSeconds(1);
    int keys = 5;
    int workers = 4;
    int l0Workers = 0;
    Path jar = Path.of("sidecar/target/cachesync-sidecar.jar");
    Path history = null;
    boolean outsideWriter = true;
    Topology topology = Topology.STANDALONE;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        help = true;
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
      String v = args[++i];
      switch (a) {
        case "--seed" -> seed = Long.parseLong(v);
        case "--duration" -> duration = duration(a, v);
        case "--sidecars" -> sidecars = positive(a, v, 1, 8);
        case "--delivery" -> {
          if (v.equalsIgnoreCase("PubSub")) delivery = "PubSub";
          else if (v.equalsIgnoreCase("Stream")) delivery = "Stream";
          else throw new IllegalArgumentException("--delivery " + v + ": PubSub or Stream");
        }
        case "--strategies" -> strategies = list(v).stream().map(Strategy::parse).toList();
        case "--l2" -> l2 = L2Mode.valueOf(v.toUpperCase(Locale.ROOT));
        case "--faults" ->
            faults = v.equals("none") ? List.of() : list(v).stream().map(FaultKind::parse).toList();
        case "--fault-every" -> faultEvery = duration(a, v);
        case "--bound" -> bound = duration(a, v);
        case "--keys" -> keys = positive(a, v, 1, 10_000);
        case "--workers" -> workers = positive(a, v, 1, 64);
        case "--l0-workers" -> l0Workers = positive(a, v, 0, 64);
        case "--history" -> history = Path.of(v);
        case "--outside-writer" -> outsideWriter = onOff(a, v);
        case "--sidecar-jar" -> jar = Path.of(v);
        case "--topology" -> topology = Topology.parse(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (strategies.isEmpty()) throw new IllegalArgumentException("--strategies: none given");
    if (l0Workers > workers) {
      throw new IllegalArgumentException(
          "--l0-workers " + l0Workers + ": at most --workers (" + workers + ")");
    }
    return new ConsistencyOptions(
        seed,
        duration,
        sidecars,
        delivery,
        strategies,
        l2,
        faults,
        faultEvery,
        bound,
        keys,
        workers,
        l0Workers,
        jar,
        history,
        outsideWriter,
        topology,
        help);
  }

  /** The fault kinds asked for that the topology can take, in the order asked. */
  public List<FaultKind> scheduledFaults() {
    return faults.stream().filter(k -> topology.whyNot(k) == null).toList();
  }

  /** The fault kinds asked for that the topology cannot take, each with why; empty when none. */
  public List<String> leftOutFaults() {
    return faults.stream()
        .filter(k -> topology.whyNot(k) != null)
        .map(k -> k.label() + " (" + topology.whyNot(k) + ")")
        .toList();
  }

  private static boolean onOff(String option, String v) {
    return switch (v) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(option + " " + v + ": on or off");
    };
  }

  private static List<String> list(String v) {
    List<String> items = new ArrayList<>();
    for (String s : v.split(",")) if (!s.isBlank()) items.add(s.trim());
    return items;
  }

  private static int positive(String option, String v, int min, int max) {
    int n = Integer.parseInt(v);
    if (n < min || n > max) {
      throw new IllegalArgumentException(option + " " + v + ": between " + min + " and " + max);
    }
    return n;
  }

  /** {@code 500ms}, {@code 45s}, {@code 5m}. */
  static Duration duration(String option, String v) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " " + v + ": write e.g. 500ms, 45s or 5m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
