package io.cachesync.sidecar.cache;

/** A snapshot of one cache's counters, for Stats and the metrics endpoint. */
public record CacheStatistics(
    String cache,
    long hits,
    long misses,
    long size,
    long weightedSize,
    long evictions,
    long invalidationsSent,
    long invalidationsReceived,
    long fillsRejected) {}
