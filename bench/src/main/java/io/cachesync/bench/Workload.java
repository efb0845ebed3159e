package io.cachesync.bench;

import java.time.Duration;

/**
 * How much each measurement does: counts and time windows, bounded so a full run takes a few
 * minutes on a 2-core machine and {@code --quick} (the smoke run) a few seconds per family. Every
 * wait in the harness is bounded too; {@code budget} stops the whole run if it overruns.
 *
 * @param valueBytes the value of every Get hit and no-op answer
 * @param hitKeys keys preloaded for hits (and in Redis for GET and the pass-through)
 * @param latencyRounds latency series are interleaved round by round, so a noisy neighbour hits
 *     every series alike
 * @param inFlight calls in flight for every throughput figure
 * @param propagationEvents measured invalidation events (and as many raw Pub/Sub messages)
 * @param overheadEntries entries of {@code overheadValueBytes} inserted to weigh one entry
 * @param stampedeHold how long the counting loader holds the first Load, so every Get overlaps it
 */
public record Workload(
    boolean quick,
    int valueBytes,
    int hitKeys,
    int latencyWarmupCalls,
    int latencyRounds,
    int latencyCallsPerRound,
    int inFlight,
    Duration throughputWarmup,
    Duration throughputRound,
    int throughputRounds,
    int getManyKeys,
    int propagationWarmup,
    int propagationEvents,
    int propagationRounds,
    int invalidationKeys,
    int invalidationKeysPerCall,
    int invalidationInFlight,
    Duration idleSettle,
    int overheadEntries,
    int overheadValueBytes,
    int startupRuns,
    int stampedeGetsPerSidecar,
    Duration stampedeHold,
    Duration budget) {

  public static Workload fullRun() {
    return new Workload(
        false,
        128,
        1_000,
        5_000,
        5,
        2_000,
        64,
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        3,
        100,
        200,
        2_000,
        4,
        300_000,
        100,
        32,
        // past the first trim of the C heap (-XX:TrimNativeHeapInterval=5000 in the injected
        // defaults)
        Duration.ofSeconds(6),
        100_000,
        1024,
        3,
        1_000,
        Duration.ofMillis(300),
        Duration.ofMinutes(15));
  }

  public static Workload quickRun() {
    return new Workload(
        true,
        128,
        1_000,
        300,
        2,
        200,
        64,
        Duration.ofMillis(200),
        Duration.ofMillis(300),
        1,
        100,
        20,
        100,
        2,
        20_000,
        100,
        32,
        Duration.ofMillis(500),
        5_000,
        1024,
        1,
        1_000,
        Duration.ofMillis(300),
        Duration.ofMinutes(5));
  }
}
