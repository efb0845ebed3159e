package io.cachesync.sidecar.grpc;

import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.SessionError;
import io.cachesync.api.v1.SessionRequest;
import io.cachesync.api.v1.SessionResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;

/**
 * One Session stream: every request is answered by the unary handler of its kind, so a read in a
 * session behaves exactly as the unary call (same checks, same strategy, same metrics), and its
 * answer or status goes back tagged with the request's id. Handlers complete on whatever thread
 * their read finished on, so answers are written under this session's lock.
 *
 * <p>Flow control, both ways: the stream asks gRPC for one more request per answer written, up to
 * {@link #WINDOW} in flight, and only while the client takes answers ({@code isReady}); a client
 * that stops reading stops being read, so neither side buffers without bound.
 */
final class ReadSession implements StreamObserver<SessionRequest> {
  /** Requests of one session worked on at a time. */
  static final int WINDOW = 128;

  private final CacheServiceImpl service;
  private final ServerCallStreamObserver<SessionResponse> out;

  // Guarded by this.
  private int owed; // requests the stream may read but has not asked for, waiting for isReady
  private int unanswered; // requests read and not yet answered
  private boolean halfClosed; // the client sends no more
  private boolean closed;

  ReadSession(CacheServiceImpl service, ServerCallStreamObserver<SessionResponse> out) {
    this.service = service;
    this.out = out;
    out.disableAutoRequest();
    out.setOnReadyHandler(this::askOwed);
    out.request(WINDOW);
  }

  @Override
  public void onNext(SessionRequest request) {
    long id = request.getId();
    synchronized (this) {
      unanswered++;
    }
    switch (request.getCallCase()) {
      case GET -> service.get(request.getGet(), answer(id, (r, b) -> r.setGet((GetResponse) b)));
      case GET_MANY ->
          service.getMany(
              request.getGetMany(), answer(id, (r, b) -> r.setGetMany((GetManyResponse) b)));
      case CALL_NOT_SET ->
          write(
              SessionResponse.newBuilder()
                  .setId(id)
                  .setError(
                      error(
                          Status.INVALID_ARGUMENT.withDescription(
                              "session request " + id + " names no read: set get or get_many")))
                  .build());
    }
  }

  @Override
  public void onError(Throwable t) {
    synchronized (this) {
      closed = true; // the client cancelled: answers still on their way are dropped
    }
  }

  /** The client sends no more: the stream ends once every request it sent is answered. */
  @Override
  public void onCompleted() {
    synchronized (this) {
      halfClosed = true;
      endIfDone();
    }
  }

  /**
   * The unary handler's observer for request {@code id}: its one answer, or its status, becomes the
   * session's answer.
   */
  private <R> StreamObserver<R> answer(long id, BiConsumer<SessionResponse.Builder, Object> set) {
    return new StreamObserver<>() {
      private R response;

      @Override
      public void onNext(R value) {
        response = value;
      }

      @Override
      public void onError(Throwable t) {
        write(
            SessionResponse.newBuilder()
                .setId(id)
                .setError(error(Status.fromThrowable(t)))
                .build());
      }

      @Override
      public void onCompleted() {
        SessionResponse.Builder b = SessionResponse.newBuilder().setId(id);
        set.accept(b, response);
        write(b.build());
      }
    };
  }

  private void write(SessionResponse response) {
    synchronized (this) {
      unanswered--;
      if (closed || out.isCancelled()) return;
      out.onNext(response);
      if (halfClosed) endIfDone();
      else if (out.isReady()) out.request(1);
      else owed++;
    }
  }

  private void endIfDone() {
    if (closed || unanswered > 0) return;
    closed = true;
    out.onCompleted();
  }

  private void askOwed() {
    synchronized (this) {
      if (closed || owed == 0 || !out.isReady()) return;
      out.request(owed);
      owed = 0;
    }
  }

  private static SessionError error(Status status) {
    String description = status.getDescription();
    return SessionError.newBuilder()
        .setCode(status.getCode().value())
        .setMessage(description == null ? status.getCode().name() : description)
        .build();
  }
}
