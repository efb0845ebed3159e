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
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
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
 * deadline fails with DEADLINE_EXCEEDED, and a stream that answered nothing for a whole deadline is
 * dropped for a new one. A sidecar without Session ends the stream UNIMPLEMENTED: {@link
 * #available()} is false for a while and the reads go unary.
 */
final class ReadSession implements AutoCloseable {
  /**
   * Reads on the stream at a time: half the sidecar's window (it reads at most 128 requests of a
   * session before answering some), so hits never queue behind a window full of slow read-through
   * misses. A read that finds no room goes unary.
   */
  static final int IN_FLIGHT = 64;

  /** How long a sidecar that has no Session is read unary before a session is tried again. */
  static final Duration UNIMPLEMENTED_RETRY = Duration.ofMinutes(5);

  private final CacheServiceGrpc.CacheServiceStub stub;
  private final Duration deadline;
  private final AtomicLong ids = new AtomicLong();
  private final Semaphore room = new Semaphore(IN_FLIGHT);
  private volatile boolean unimplemented;
  private volatile long unimplementedAt;

  // Guarded by this.
  private Stream current;
  private boolean closed;

  /** One stream and the reads waiting for its answers. */
  private static final class Stream {
    final Map<Long, CompletableFuture<SessionResponse>> waiting = new ConcurrentHashMap<>();
    StreamObserver<SessionRequest> requests;
    volatile long answers; // written by the stream's one callback thread
    Status failure; // guarded by the ReadSession: set once the stream broke
  }

  ReadSession(Channel channel, Duration deadline) {
    this.stub = CacheServiceGrpc.newStub(channel);
    this.deadline = deadline;
  }

  /**
   * False for {@link #UNIMPLEMENTED_RETRY} after the sidecar said it has no Session (an upgraded
   * sidecar is found again then): read unary meanwhile.
   */
  boolean available() {
    return !unimplemented || System.nanoTime() - unimplementedAt > UNIMPLEMENTED_RETRY.toNanos();
  }

  /** Takes a place among the {@link #IN_FLIGHT} reads; false: none free, read unary. */
  boolean enter() {
    return room.tryAcquire();
  }

  /** Gives back the place {@link #enter} took. */
  void leave() {
    room.release();
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

  /** Cancels the stream; reads still waiting fail CANCELLED, later ones at once. */
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
    cancel(s, "the client was closed");
  }

  private SessionResponse read(SessionRequest.Builder request) {
    long id = ids.incrementAndGet();
    CompletableFuture<SessionResponse> answer = new CompletableFuture<>();
    Stream s = send(request.setId(id).build(), answer);
    long answersBefore = s.answers;
    try {
      SessionResponse r = answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      if (r.getResultCase() == SessionResponse.ResultCase.ERROR) {
        throw Status.fromCodeValue(r.getError().getCode())
            .withDescription(r.getError().getMessage())
            .asRuntimeException();
      }
      return r;
    } catch (TimeoutException e) {
      if (s.answers == answersBefore) stalled(s);
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
                s.answers++;
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
    if (status.getCode() == Status.Code.UNIMPLEMENTED) {
      unimplementedAt = System.nanoTime();
      unimplemented = true;
    }
    fail(s, status);
  }

  /**
   * Nothing came back on {@code s} for a whole deadline: a stream the transport keeps but that
   * answers nothing (a sidecar that stopped reading it, or works through a backlog of reads whose
   * callers gave up) would time every later read out. It is dropped: the reads still waiting on it
   * fail UNAVAILABLE, so they are retried on a new one, and the sidecar is told to stop.
   */
  private void stalled(Stream s) {
    Status status =
        Status.UNAVAILABLE.withDescription(
            "no answer on the session for " + deadline + "; reading on a new one");
    synchronized (this) {
      if (s.failure != null) return;
      s.failure = status;
      if (current == s) current = null;
    }
    fail(s, status);
    cancel(s, "stalled");
  }

  private static void cancel(Stream s, String why) {
    if (s.requests instanceof ClientCallStreamObserver<SessionRequest> call) call.cancel(why, null);
    else s.requests.onCompleted();
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
