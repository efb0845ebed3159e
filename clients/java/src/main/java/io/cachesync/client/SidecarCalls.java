package io.cachesync.client;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls with a deadline each, and the retry policy: reads (Get, GetMany) are tried again on
 * UNAVAILABLE, a bounded number of times with a short linear backoff, since repeating a read
 * changes nothing. Writes, fills and drops are tried once: the caller cannot know whether a failed
 * one was applied, and a repeated fill could land after an invalidation its first try missed.
 *
 * <p>Reads go over one {@link ReadSession} when the config asks for it (the default) and the
 * sidecar has Session; otherwise, and for every write, one unary call each.
 */
final class SidecarCalls implements AutoCloseable {
  private final CacheServiceBlockingStub stub;
  private final ReadSession session; // null: unary reads
  private final ClientConfig config;
  private final String target;

  SidecarCalls(ManagedChannel channel, ClientConfig config, String target) {
    this.stub = CacheServiceGrpc.newBlockingStub(channel);
    this.session = config.session() ? new ReadSession(channel, config.deadline()) : null;
    this.config = config;
    this.target = target;
  }

  /** A Get, retried as {@link #read} retries. */
  GetResponse get(String what, GetRequest request) {
    return read(what, s -> sessionOr(() -> session.get(request), () -> s.get(request)));
  }

  /** A GetMany, retried as {@link #read} retries. */
  GetManyResponse getMany(String what, GetManyRequest request) {
    return read(what, s -> sessionOr(() -> session.getMany(request), () -> s.getMany(request)));
  }

  /** Whether reads go over a session now: false when off, or the sidecar has none. */
  boolean readsOnSession() {
    return session != null && session.available();
  }

  @Override
  public void close() {
    if (session != null) session.close();
  }

  /**
   * On the session while it is available and has room for one more read; otherwise unary. A sidecar
   * without Session is read unary at once.
   */
  private <T> T sessionOr(Supplier<T> onSession, Supplier<T> unary) {
    if (!readsOnSession() || !session.enter()) return unary.get();
    try {
      return onSession.get();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED && !session.available()) {
        return unary.get();
      }
      throw e;
    } finally {
      session.leave();
    }
  }

  private <T> T read(String what, Function<CacheServiceBlockingStub, T> call) {
    long backoffNanos = config.readBackoff().toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.apply(withDeadline());
      } catch (StatusRuntimeException e) {
        boolean again =
            e.getStatus().getCode() == Status.Code.UNAVAILABLE && attempt < config.readAttempts();
        if (!again) throw failure(what, e, attempt);
        pause(backoffNanos * attempt);
      }
    }
  }

  <T> T write(String what, Function<CacheServiceBlockingStub, T> call) {
    try {
      return call.apply(withDeadline());
    } catch (StatusRuntimeException e) {
      throw failure(what, e, 1);
    }
  }

  private CacheServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(config.deadline().toNanos(), TimeUnit.NANOSECONDS);
  }

  private CacheSyncException failure(String what, StatusRuntimeException e, int attempts) {
    Status s = e.getStatus();
    StringBuilder m = new StringBuilder(what).append(" on the sidecar at ").append(target);
    m.append(": ").append(s.getCode());
    if (s.getDescription() != null) m.append(": ").append(s.getDescription());
    if (attempts > 1) m.append(" (after ").append(attempts).append(" attempts)");
    if (s.getCode() == Status.Code.UNAVAILABLE) {
      m.append("; is the sidecar running and serving there? (CACHESYNC_SOCKET/CACHESYNC_TARGET)");
    } else if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      m.append("; the deadline is ").append(config.deadline()).append(" (builder deadline(...))");
    }
    return new CacheSyncException(m.toString(), s.getCode(), e);
  }

  private static void pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new CacheSyncException("interrupted between retries", Status.Code.CANCELLED, ie);
    }
  }
}
