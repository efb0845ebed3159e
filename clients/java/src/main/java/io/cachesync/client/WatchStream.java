package io.cachesync.client;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.WatchRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The client's one Watch stream (every cache, with {@code announce} and {@code local_changes}),
 * opened again after every break with a doubling backoff. It keeps L0 consistent on the transport
 * thread, before anything else sees the event; listeners hear about it on a thread of their own.
 */
final class WatchStream implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WatchStream.class.getName());

  private record Registration(String cache, WatchListener listener) {}

  private final CacheServiceGrpc.CacheServiceStub stub;
  private final L0Cache l0; // null: no L0
  private final ClientConfig config;
  private final String target;
  private final ScheduledExecutorService reopen;
  private final ExecutorService listenerThread;
  private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();

  // guarded by this
  private ClientCallStreamObserver<WatchRequest> call;
  private boolean started;
  private boolean closed;
  private boolean subscribed;
  private volatile boolean warnedNoAnnounce;
  private long backoffNanos;
  private long generation;

  WatchStream(
      ManagedChannel channel,
      L0Cache l0,
      ClientConfig config,
      String target,
      ScheduledExecutorService reopen,
      ExecutorService listenerThread) {
    this.stub = CacheServiceGrpc.newStub(channel);
    this.l0 = l0;
    this.config = config;
    this.target = target;
    this.reopen = reopen;
    this.listenerThread = listenerThread;
    this.backoffNanos = config.watchBackoffMin().toNanos();
  }

  /** Opens the stream unless it is open already. */
  synchronized void start() {
    if (started || closed) return;
    started = true;
    open();
  }

  /** {@code cache} empty: every cache. */
  Subscription add(String cache, WatchListener listener) {
    Registration r = new Registration(cache, listener);
    listeners.add(r);
    start();
    return () -> listeners.remove(r);
  }

  private synchronized void open() {
    if (closed) return;
    long gen = ++generation;
    // local changes: another client of the same sidecar (another container of the pod, another
    // client in this JVM) writes without a bus round trip back to this sidecar's streams
    stub.watch(
        WatchRequest.newBuilder().setAnnounce(true).setLocalChanges(true).build(),
        new Observer(gen));
  }

  private final class Observer implements ClientResponseObserver<WatchRequest, CacheEvent> {
    private final long gen;

    Observer(long gen) {
      this.gen = gen;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
      synchronized (WatchStream.this) {
        call = requestStream;
      }
    }

    @Override
    public void onNext(CacheEvent event) {
      if (event.getKind() == CacheEvent.Kind.SUBSCRIBED) {
        synchronized (WatchStream.this) {
          backoffNanos = config.watchBackoffMin().toNanos();
          subscribed = true;
        }
        if (l0 != null) l0.up();
        LOG.log(Level.INFO, "Watch stream on {0} established", target);
        tell(null, WatchListener::onSubscribed);
        return;
      }
      if (!subscribedNow() && !warnedNoAnnounce) {
        // a sidecar older than the announce field sends events but never SUBSCRIBED
        warnedNoAnnounce = true;
        LOG.log(
            Level.WARNING,
            "the sidecar at {0} sends Watch events without SUBSCRIBED (older than this client?):"
                + " L0 stays bypassed",
            target);
      }
      CacheChange change = toChange(event);
      if (l0 != null) drop(change);
      tell(change.cache(), l -> l.onChange(change));
    }

    @Override
    public void onError(Throwable t) {
      broken(gen, t);
    }

    @Override
    public void onCompleted() {
      broken(
          gen,
          Status.UNAVAILABLE
              .withDescription("the sidecar ended the Watch stream (draining?)")
              .asRuntimeException());
    }
  }

  private synchronized boolean subscribedNow() {
    return subscribed;
  }

  /** L0 first: nothing may be served from it once the change is known. */
  private void drop(CacheChange change) {
    if (change.keys().isEmpty()) {
      l0.dropCache(change.cache());
    } else {
      for (String key : change.keys()) l0.dropKey(change.cache(), key);
    }
  }

  private void broken(long gen, Throwable cause) {
    long delay;
    boolean wasUp;
    synchronized (this) {
      if (gen != generation || closed) return;
      call = null;
      wasUp = subscribed;
      subscribed = false;
      delay = backoffNanos;
      backoffNanos = Math.min(backoffNanos * 2, config.watchBackoffMax().toNanos());
    }
    if (l0 != null) l0.down();
    Status status = Status.fromThrowable(cause);
    // one INFO line per break; the attempts while the sidecar stays away are DEBUG; a refusal
    // (too many streams, unknown cache) is a WARNING: L0 stays bypassed until it is fixed
    boolean away = status.getCode() == Status.Code.UNAVAILABLE;
    LOG.log(
        !away ? Level.WARNING : wasUp ? Level.INFO : Level.DEBUG,
        "Watch stream on {0} broke ({1}: {2}); L0 emptied and bypassed; opening it again in {3}",
        target,
        status.getCode(),
        status.getDescription(),
        Duration.ofNanos(delay));
    if (wasUp) tell(null, l -> l.onStreamBroken(cause));
    try {
      reopen.schedule(this::open, delay, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the client is closing
    }
  }

  /** {@code cache} null: every listener. */
  private void tell(String cache, java.util.function.Consumer<WatchListener> call) {
    for (Registration r : listeners) {
      if (cache != null && !r.cache().isEmpty() && !r.cache().equals(cache)) continue;
      try {
        listenerThread.execute(
            () -> {
              try {
                call.accept(r.listener());
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a Watch listener threw; it stays registered", e);
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        return;
      }
    }
  }

  static CacheChange toChange(CacheEvent e) {
    CacheChange.Kind kind =
        switch (e.getKind()) {
          case INVALIDATED -> CacheChange.Kind.INVALIDATED;
          case EXPIRED -> CacheChange.Kind.EXPIRED;
          case DELETED -> CacheChange.Kind.DELETED;
          case UPDATED -> CacheChange.Kind.UPDATED;
          case CLEARED -> CacheChange.Kind.CLEARED;
          default -> CacheChange.Kind.OTHER;
        };
    return new CacheChange(e.getCache(), e.getKeysList(), kind, e.getOrigin());
  }

  @Override
  public void close() {
    ClientCallStreamObserver<WatchRequest> c;
    synchronized (this) {
      closed = true;
      c = call;
      call = null;
    }
    if (c != null) c.cancel("client closed", null);
    if (l0 != null) l0.down();
  }
}
