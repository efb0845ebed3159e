package io.cachesync.consistency.history;

/**
 * A fault the run injected, from its injection to its healing.
 *
 * @param kind e.g. {@code sidecar-pause}
 * @param target what it hit: {@code pod-2}, {@code redis}, {@code loader}
 */
public record FaultEvent(
    String kind, String target, long startNanos, long endNanos, String detail) {}
