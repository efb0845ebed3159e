package io.cachesync.client;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.SessionRequest;
import io.cachesync.api.v1.SessionResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads on one Session stream ({@code CacheService.Session}): each Get or GetMany carries an id its
 * answer echoes, so the reads of every thread share one HTTP/2 stream instead of paying a call each
 * (docs/BENCHMARKS.md: a session Get at 0.75 × a unary one's latency and 0.57 × the sidecar's CPU).
 * The sidecar answers a session read with its unary handler, so it is exactly as fresh as a unary
 * Get made at that moment.
 *
 * <p>The stream opens on the first read and again on the first read after it broke. Reads in flight
 * when it breaks fail with its status (UNAVAILABLE when the sidecar went away), which {@link
 * SidecarCalls} retries as it retries a unary read; a read whose answer does not come within the
 * deadline fails with DEADLINE_EXCEEDED. A sidecar without Session ends the stream UNIMPLEMENTED:
 * {@link #available()} is false from then on and the reads go unary.
 */
final class ReadSession implements AutoCloseable {
  private final CacheServiceGrpc.CacheServiceStub stub;
  private final Duration deadline;
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean unimplemented;

  // Guarded by this.
  private Stream current;
  private boolean closed;

  /** One stream and the reads waiting for its answers. */
  private static final class Stream {
    final Map<Long, CompletableFuture<SessionResponse>> waiting = new ConcurrentHashMap<>();
    StreamObserver<SessionRequest> requests;
    Status failure; // guarded by the ReadSession: set once the stream broke
  }

  ReadSession(Channel channel, Duration deadline) {
    this.stub = CacheServiceGrpc.newStub(channel);
    this.deadline = deadline;
  }

  /** False once the sidecar said it has no Session: read unary then. */
  boolean available() {
    return !unimplemented;
  }

  /**
   * @throws StatusRuntimeException as a unary Get would end
   */
  GetResponse get(GetRequest request) {
    SessionResponse r = read(SessionRequest.newBuilder().setGet(request));
    if (r.getResultCase() != SessionResponse.ResultCase.GET) throw mismatched(r, "Get");
    return r.getGet();
  }

  /**
   * @throws StatusRuntimeException as a unary GetMany would end
   */
  GetManyResponse getMany(GetManyRequest request) {
    SessionResponse r = read(SessionRequest.newBuilder().setGetMany(request));
    if (r.getResultCase() != SessionResponse.ResultCase.GET_MANY) throw mismatched(r, "GetMany");
    return r.getGetMany();
  }

  /** Ends the stream; reads still waiting fail CANCELLED, later ones at once. */
  @Override
  public void close() {
    Stream s;
    synchronized (this) {
      closed = true;
      s = current;
      current = null;
    }
    if (s == null) return;
    fail(s, Status.CANCELLED.withDescription("the client was closed"));
    s.requests.onCompleted();
  }

  private SessionResponse read(SessionRequest.Builder request) {
    long id = ids.incrementAndGet();
    CompletableFuture<SessionResponse> answer = new CompletableFuture<>();
    Stream s = send(request.setId(id).build(), answer);
    try {
      SessionResponse r = answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      if (r.getResultCase() == SessionResponse.ResultCase.ERROR) {
        throw Status.fromCodeValue(r.getError().getCode())
            .withDescription(r.getError().getMessage())
            .asRuntimeException();
      }
      return r;
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED
          .withDescription("no answer to session read " + id + " within " + deadline)
          .asRuntimeException();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException sre) throw sre;
      throw Status.fromThrowable(e.getCause()).asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED
          .withDescription("interrupted while waiting for session read " + id)
          .withCause(e)
          .asRuntimeException();
    } finally {
      s.waiting.remove(id);
    }
  }

  /**
   * Registers the answer and sends the request on the open stream, opening one if need be. A stream
   * can fail while it opens, even on this thread (a channel that cannot connect fails the call at
   * once): then this read fails with it, and the next one opens another.
   */
  private synchronized Stream send(
      SessionRequest request, CompletableFuture<SessionResponse> answer) {
    if (closed) {
      throw Status.CANCELLED.withDescription("the client was closed").asRuntimeException();
    }
    if (current == null) current = open();
    Stream s = current;
    s.waiting.put(request.getId(), answer);
    if (s.failure != null) {
      current = null;
      s.waiting.remove(request.getId());
      throw s.failure.asRuntimeException();
    }
    s.requests.onNext(request);
    return s;
  }

  private Stream open() {
    Stream s = new Stream();
    s.requests =
        stub.session(
            new StreamObserver<>() {
              @Override
              public void onNext(SessionResponse r) {
                CompletableFuture<SessionResponse> waiting = s.waiting.remove(r.getId());
                if (waiting != null) waiting.complete(r); // else: timed out already
              }

              @Override
              public void onError(Throwable t) {
                broken(s, Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                broken(s, Status.UNAVAILABLE.withDescription("the sidecar ended the session"));
              }
            });
    return s;
  }

  private void broken(Stream s, Status status) {
    synchronized (this) {
      s.failure = status;
      if (current == s) current = null;
    }
    if (status.getCode() == Status.Code.UNIMPLEMENTED) unimplemented = true;
    fail(s, status);
  }

  private static void fail(Stream s, Status status) {
    for (Long id : s.waiting.keySet()) {
      CompletableFuture<SessionResponse> waiting = s.waiting.remove(id);
      if (waiting != null) waiting.completeExceptionally(status.asRuntimeException());
    }
  }

  private static StatusRuntimeException mismatched(SessionResponse r, String asked) {
    return Status.INTERNAL
        .withDescription(
            "the sidecar answered session read "
                + r.getId()
                + " with "
                + r.getResultCase()
                + " where a "
                + asked
                + " answer was due")
        .asRuntimeException();
  }
}
