package io.cachesync.sidecar.loader;

import io.cachesync.api.v1.CacheLoaderGrpc;
import io.cachesync.api.v1.CacheLoaderGrpc.CacheLoaderStub;
import io.cachesync.api.v1.LoadRequest;
import io.cachesync.api.v1.LoadResponse;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.api.v1.StoreRequest;
import io.cachesync.api.v1.StoreResponse;
import io.cachesync.sidecar.config.Durations;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.transport.SharedEventLoops;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's client of the application's {@code CacheLoader} ({@code loader.*} in the config).
 * Nothing here blocks a thread: calls are asynchronous, calls beyond {@code loader.maxConcurrency}
 * wait in a FIFO queue ({@link PermitQueue}) of at most {@code loader.maxQueued} (beyond it a call
 * fails at once with RESOURCE_EXHAUSTED: the CacheLoader is saturated), a queued call whose gRPC
 * caller gave up is dropped unsent (CANCELLED), and retries are scheduled on a timer.
 *
 * <ul>
 *   <li>Each attempt gets its own deadline of {@code loader.timeout}, counted from when it starts,
 *       so time spent queued for a permit does not eat into it.
 *   <li>{@code Load} is retried up to {@code loader.retries} times on {@code UNAVAILABLE} or {@code
 *       DEADLINE_EXCEEDED}, after 20 ms, 40 ms, 80 ms… (at most 640 ms): reading twice is harmless.
 *       {@code Store} is never retried here: a timed-out Store may have been applied, and whether
 *       to repeat it is the calling strategy's decision.
 *   <li>Every failure completes the future with a {@link LoaderException} itself, not wrapped in a
 *       {@code CompletionException}, so {@code whenComplete} and {@code exceptionally} see it as is
 *       (see {@link LoaderFailures} for the messages).
 * </ul>
 *
 * <p>The channel uses the direct executor: the callbacks only complete a future and free a permit.
 * So do not block in stages that depend on these futures; they may run on a transport thread.
 */
public final class LoaderClient implements StoreOfRecord, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoaderClient.class);
  private static final long FIRST_BACKOFF_MILLIS = 20;
  private static final long MAX_BACKOFF_MILLIS = 640;

  private final LoaderConfig config;
  private final String target;
  private final ManagedChannel channel;
  private final CacheLoaderStub stub;
  private final PermitQueue permits;
  private final ScheduledExecutorService retryTimer;
  private volatile boolean closed;
  private volatile String closedBecause = "the sidecar is shutting down";

  public LoaderClient(LoaderConfig config) {
    if (config.target() == null) {
      throw new IllegalArgumentException(
          "loader.target is not set: the strategies that read or write the store of record need"
              + " the host:port of the application's CacheLoader service");
    }
    this.config = config;
    this.target = config.target();
    // Keep-alive no more often than gRPC servers permit by default (5 minutes), so an app with
    // default settings never answers our pings with GOAWAY "too_many_pings".
    this.channel =
        NettyChannelBuilder.forTarget(target)
            .eventLoopGroup(SharedEventLoops.group())
            .channelType(SharedEventLoops.clientChannelType())
            .usePlaintext()
            .directExecutor()
            .keepAliveTime(5, TimeUnit.MINUTES)
            .keepAliveTimeout(20, TimeUnit.SECONDS)
            .userAgent("cachesync-sidecar")
            .build();
    this.stub = CacheLoaderGrpc.newStub(channel);
    this.permits = new PermitQueue(config.maxConcurrency(), config.maxQueued());
    this.retryTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cachesync-loader-retry");
              t.setDaemon(true);
              return t;
            });
    log.info(
        "CacheLoader client for {}: timeout {}, at most {} calls in flight, {} retries of Load",
        target,
        Durations.format(config.timeout()),
        config.maxConcurrency(),
        config.retries());
  }

  /** Asks the application for {@code key} of {@code cache}, retrying as described above. */
  public CompletableFuture<LoadResult> load(String cache, String key) {
    LoadRequest request = LoadRequest.newBuilder().setCache(cache).setKey(key).build();
    CompletableFuture<LoadResult> result = new CompletableFuture<>();
    // a call from a gRPC handler runs in its caller's context: cancelled when the caller gives up
    loadAttempt(request, 1, result, Context.current());
    return result;
  }

  /** Sends the entries to the application once; an empty list completes at once without a call. */
  @Override
  public CompletableFuture<Void> store(String cache, List<StoreEntry> entries) {
    if (entries.isEmpty()) return CompletableFuture.completedFuture(null);
    StoreRequest request = StoreRequest.newBuilder().setCache(cache).addAllEntries(entries).build();
    CompletableFuture<Void> stored = new CompletableFuture<>();
    this.<StoreResponse>callOnce(
            "Store", 1, Context.current(), (s, observer) -> s.store(request, observer))
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                stored.completeExceptionally(failure); // the LoaderException itself, not wrapped
              } else {
                stored.complete(null);
              }
            });
    return stored;
  }

  /**
   * @param caller the context of whoever asked: a retry, which runs on the timer thread, is dropped
   *     too once the caller gave up
   */
  private void loadAttempt(
      LoadRequest request, int attempt, CompletableFuture<LoadResult> result, Context caller) {
    this.<LoadResponse>callOnce("Load", attempt, caller, (s, observer) -> s.load(request, observer))
        .whenComplete(
            (response, failure) -> {
              if (failure == null) {
                result.complete(toResult(request, response));
              } else if (attempt <= config.retries() && retryable(failure)) {
                long delay =
                    Math.min(FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 30), MAX_BACKOFF_MILLIS);
                log.debug("retrying Load in {} ms: {}", delay, failure.getMessage());
                try {
                  retryTimer.schedule(
                      () -> loadAttempt(request, attempt + 1, result, caller),
                      delay,
                      TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                  result.completeExceptionally(failure);
                }
              } else {
                result.completeExceptionally(failure);
              }
            });
  }

  /** UNAVAILABLE covers an unreachable app, our deadline and the app's own UNAVAILABLE. */
  private static boolean retryable(Throwable failure) {
    if (!(failure instanceof LoaderException e)) return false;
    Status.Code code = e.status().getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }

  /**
   * One call, started once a permit is free, with its own deadline. The future fails with a {@link
   * LoaderException}.
   */
  private <R> CompletableFuture<R> callOnce(
      String method,
      int attempt,
      Context caller,
      BiConsumer<CacheLoaderStub, StreamObserver<R>> invoke) {
    CompletableFuture<R> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(closedFailure(method));
      return done;
    }
    boolean queued =
        permits.submit(
            new PermitQueue.Task() {
              @Override
              public void run() {
                if (closed) {
                  permits.release();
                  done.completeExceptionally(closedFailure(method));
                  return;
                }
                Deadline deadline =
                    Deadline.after(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
                OneAnswer<R> observer = new OneAnswer<>(method, attempt, deadline, done);
                try {
                  invoke.accept(stub.withDeadline(deadline), observer);
                } catch (RuntimeException e) {
                  observer.onError(e);
                }
              }

              @Override
              public boolean abandoned() {
                return caller.isCancelled();
              }

              @Override
              public void dropped() {
                done.completeExceptionally(abandonedFailure(method));
              }
            });
    if (!queued) done.completeExceptionally(saturatedFailure(method));
    return done;
  }

  /**
   * The caller gave up (cancelled, or its deadline passed) while the call waited for a permit: it
   * is not sent. CANCELLED, which is not retried. A Load shared by several callers (single flight)
   * is dropped when the caller that started it gives up; the others get this status and may ask
   * again.
   */
  private LoaderException abandonedFailure(String method) {
    return new LoaderException(
        Status.CANCELLED.withDescription(
            "the caller gave up (cancelled, or its deadline passed) while this "
                + method
                + " waited for a free call to the application's CacheLoader at "
                + target
                + "; it was not sent"));
  }

  private LoaderException saturatedFailure(String method) {
    return new LoaderException(
        Status.RESOURCE_EXHAUSTED.withDescription(
            "the application's CacheLoader at "
                + target
                + " is saturated: "
                + config.maxConcurrency()
                + " calls in flight (loader.maxConcurrency) and "
                + config.maxQueued()
                + " waiting (loader.maxQueued), so this "
                + method
                + " was refused rather than queued; make the CacheLoader answer faster or give it"
                + " more capacity, then raise loader.maxConcurrency"));
  }

  private LoadResult toResult(LoadRequest request, LoadResponse response) {
    if (!response.getFound()) return LoadResult.notFound();
    long ttlNanos = 0;
    if (response.hasTtl()) {
      com.google.protobuf.Duration ttl = response.getTtl();
      try {
        ttlNanos = Duration.ofSeconds(ttl.getSeconds(), ttl.getNanos()).toNanos();
      } catch (ArithmeticException tooLong) {
        ttlNanos = Long.MAX_VALUE;
      }
      if (ttlNanos < 0) {
        log.warn(
            "the application's CacheLoader.Load at {} returned a negative ttl for {}/{}; the"
                + " cache's ttl applies instead",
            target,
            request.getCache(),
            request.getKey());
        ttlNanos = 0;
      }
    }
    return new LoadResult(true, response.getValue(), ttlNanos);
  }

  private LoaderException closedFailure(String method) {
    return new LoaderException(
        Status.UNAVAILABLE.withDescription(
            closedBecause
                + ": its client of the application's CacheLoader at "
                + target
                + " is closed, so "
                + method
                + " was not sent; retry"));
  }

  /**
   * {@link #close()} after a config reload replaced the {@code loader} settings: the few calls that
   * still reach this client are told so, and their retry goes to the new one.
   */
  public void retire() {
    closedBecause = "a config reload replaced the loader settings";
    close();
  }

  /**
   * Stops taking calls, lets those in flight finish (up to {@code loader.timeout}), fails the
   * queued and the scheduled retries, and shuts the channel down.
   */
  @Override
  public void close() {
    closed = true;
    channel.shutdown();
    for (Runnable pendingRetry : retryTimer.shutdownNow()) pendingRetry.run(); // fails: closed
    try {
      if (!channel.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "calls to the application's CacheLoader at {} still running after {}; cancelling them",
            target,
            Durations.format(config.timeout()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Receives one unary answer, frees the call's permit and completes the future. gRPC may report a
   * failure both by throwing and through the observer, hence the once-only guard.
   */
  private final class OneAnswer<R> implements StreamObserver<R> {
    private final String method;
    private final int attempt;
    private final Deadline deadline;
    private final CompletableFuture<R> done;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile R response;

    OneAnswer(String method, int attempt, Deadline deadline, CompletableFuture<R> done) {
      this.method = method;
      this.attempt = attempt;
      this.deadline = deadline;
      this.done = done;
    }

    @Override
    public void onNext(R value) {
      response = value;
    }

    @Override
    public void onError(Throwable t) {
      if (!finished.compareAndSet(false, true)) return;
      permits.release();
      LoaderException e =
          LoaderFailures.of(t, target, method, config.timeout(), deadline.isExpired(), attempt);
      log.debug("{}", e.getMessage());
      done.completeExceptionally(e);
    }

    @Override
    public void onCompleted() {
      if (!finished.compareAndSet(false, true)) return;
      permits.release();
      done.complete(response);
    }
  }
}
