package io.cachesync.sidecar.grpc;

import com.google.protobuf.Duration;
import io.cachesync.sidecar.config.LimitsConfig;
import io.cachesync.sidecar.strategy.CacheStrategy;
import io.cachesync.sidecar.strategy.Strategies;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** The limits of DESIGN.md, each failing with the status and a message a person can act on. */
final class RequestChecks {
  static final int MAX_KEYS_PER_REQUEST = 10_000;

  private final Strategies caches;
  private final LimitsConfig limits;
  private final Consumer<String> budgetHit;

  /**
   * @param budgetHit told the config key of each budget a request runs into
   */
  RequestChecks(Strategies caches, LimitsConfig limits, Consumer<String> budgetHit) {
    this.caches = caches;
    this.limits = limits;
    this.budgetHit = budgetHit;
  }

  CacheStrategy cache(String name) {
    CacheStrategy c = caches.find(name);
    if (c != null) return c;
    if (name.isEmpty()) throw invalid("cache: name the cache (one of " + caches.names() + ")");
    throw Status.NOT_FOUND
        .withDescription(
            "no cache named '" + name + "' in this sidecar; configured caches: " + caches.names())
        .asRuntimeException();
  }

  void key(String key) {
    if (key.isEmpty()) throw invalid("key: must not be empty");
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only long keys need counting
    if (key.length() * 3L > limits.maxKeyBytes()) {
      int bytes = key.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > limits.maxKeyBytes()) {
        throw invalid(
            "key: "
                + bytes
                + " bytes is over the limit of "
                + limits.maxKeyBytes()
                + " (limits.maxKeyBytes)");
      }
    }
  }

  void keys(List<String> keys) {
    if (keys.isEmpty()) throw invalid("keys: give at least one key");
    if (keys.size() > MAX_KEYS_PER_REQUEST) {
      throw invalid(
          "keys: "
              + keys.size()
              + " keys in one request is over the limit of "
              + MAX_KEYS_PER_REQUEST
              + "; split it");
    }
    for (String k : keys) key(k);
  }

  void value(int size) {
    if (size > limits.maxValueBytes()) {
      budgetHit.accept("limits.maxValueBytes");
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "value: "
                  + size
                  + " bytes is over the limit of "
                  + limits.maxValueBytes()
                  + " (limits.maxValueBytes)")
          .asRuntimeException();
    }
  }

  /**
   * A GetMany answer's keys and values, against {@code limits.maxResponseBytes}: gRPC clients
   * accept 4 MiB messages by default, and the sidecar would hold the whole answer while sending it.
   *
   * @param more whether more values may still be added (the answer is at least {@code bytes})
   */
  void responseBytes(long bytes, boolean more) {
    if (bytes <= limits.maxResponseBytes()) return;
    budgetHit.accept("limits.maxResponseBytes");
    throw Status.RESOURCE_EXHAUSTED
        .withDescription(
            "GetMany: the answer would hold "
                + (more ? "at least " : "")
                + bytes
                + " bytes of keys and values, over the limit of "
                + limits.maxResponseBytes()
                + " (limits.maxResponseBytes); ask for fewer keys per call")
        .asRuntimeException();
  }

  StatusRuntimeException tooManyWatches() {
    budgetHit.accept("limits.maxWatchStreams");
    return Status.RESOURCE_EXHAUSTED
        .withDescription(
            "this sidecar already has "
                + limits.maxWatchStreams()
                + " Watch streams open (limits.maxWatchStreams); close the streams you no longer"
                + " read, share one per process (a Watch without a cache covers every cache), or"
                + " raise the limit")
        .asRuntimeException();
  }

  /** The Put's TTL in nanoseconds, 0 for "the cache's". */
  static long ttlNanos(boolean has, Duration ttl) {
    if (!has) return 0;
    if (ttl.getSeconds() < 0 || ttl.getNanos() < 0) {
      throw invalid("ttl: must not be negative (leave it unset for the cache's ttl)");
    }
    if (ttl.getSeconds() > 10L * 365 * 24 * 3600)
      throw invalid("ttl: over ten years; leave it unset for the cache's ttl");
    return ttl.getSeconds() * 1_000_000_000L + ttl.getNanos();
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
