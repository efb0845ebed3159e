package io.cachesync.sidecar.grpc;

import io.cachesync.api.v1.CacheEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open Watch streams. Events come from the bus's I/O thread and from repairs; each stream is
 * written under its own lock, and a stream that stops reading is cut (RESOURCE_EXHAUSTED) instead
 * of buffering without bound: after {@value #MAX_UNREAD_EVENTS} unread events, or once the unread
 * events' serialized size passes {@code limits.maxWatchBacklogBytes}, whichever comes first. The
 * number of streams is bounded too ({@code limits.maxWatchStreams}), so their buffers are.
 */
public final class WatchHub {
  static final int MAX_UNREAD_EVENTS = 10_000;

  private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();

  private static final class Watcher {
    final String cache;
    final String prefix;
    final ServerCallStreamObserver<CacheEvent> out;
    final long maxUnreadBytes;
    final Runnable onCut;
    final boolean localChanges;
    final AtomicInteger unread = new AtomicInteger();
    final AtomicLong unreadBytes = new AtomicLong();
    volatile boolean done;

    Watcher(
        String cache,
        String prefix,
        ServerCallStreamObserver<CacheEvent> out,
        long maxUnreadBytes,
        Runnable onCut,
        boolean localChanges) {
      this.localChanges = localChanges;
      this.cache = cache;
      this.prefix = prefix;
      this.out = out;
      this.maxUnreadBytes = maxUnreadBytes;
      this.onCut = onCut;
    }
  }

  /**
   * Opens a stream, unless {@code maxStreams} are open already.
   *
   * @param maxUnreadBytes the serialized size of events its client may leave unread before the
   *     stream is cut
   * @param onCut told when the stream is cut for falling behind
   * @return false, and nothing added, when {@code maxStreams} streams are open
   */
  synchronized boolean add(
      String cache,
      String prefix,
      ServerCallStreamObserver<CacheEvent> out,
      int maxStreams,
      long maxUnreadBytes,
      Runnable onCut) {
    return add(cache, prefix, out, maxStreams, maxUnreadBytes, onCut, false, false);
  }

  /**
   * As above; with {@code localChanges} the stream also gets {@link #publishLocal}'s events, and
   * with {@code announce}, a SUBSCRIBED event goes first. It is sent under the stream's lock right
   * after the stream joins the list, so every event published after the join comes after it: a
   * client that reads from the sidecar once it has seen SUBSCRIBED misses no change.
   */
  synchronized boolean add(
      String cache,
      String prefix,
      ServerCallStreamObserver<CacheEvent> out,
      int maxStreams,
      long maxUnreadBytes,
      Runnable onCut,
      boolean announce,
      boolean localChanges) {
    if (watchers.size() >= maxStreams) return false;
    Watcher w = new Watcher(cache, prefix, out, maxUnreadBytes, onCut, localChanges);
    out.setOnCancelHandler(() -> remove(w));
    out.setOnReadyHandler(
        () -> {
          w.unread.set(0);
          w.unreadBytes.set(0);
        });
    synchronized (w) {
      watchers.add(w);
      if (announce) {
        out.onNext(
            CacheEvent.newBuilder().setCache(cache).setKind(CacheEvent.Kind.SUBSCRIBED).build());
      }
    }
    return true;
  }

  public int size() {
    return watchers.size();
  }

  public void publish(CacheEvent.Kind kind, String cache, List<String> keys, String origin) {
    publish(kind, cache, keys, origin, false);
  }

  /**
   * A change made through this sidecar, to the streams that asked for local changes: peers hear of
   * it on the bus, but another client of this sidecar keeping its own copy (an L0) would not.
   */
  public void publishLocal(CacheEvent.Kind kind, String cache, List<String> keys) {
    publish(kind, cache, keys, "", true);
  }

  private void publish(
      CacheEvent.Kind kind, String cache, List<String> keys, String origin, boolean local) {
    if (watchers.isEmpty()) return;
    for (Watcher w : watchers) {
      if (local && !w.localChanges) continue;
      if (!w.cache.isEmpty() && !w.cache.equals(cache)) continue;
      List<String> matching =
          w.prefix.isEmpty() ? keys : keys.stream().filter(k -> k.startsWith(w.prefix)).toList();
      if (matching.isEmpty() && !keys.isEmpty()) continue;
      send(
          w,
          CacheEvent.newBuilder()
              .setCache(cache)
              .addAllKeys(matching)
              .setKind(kind)
              .setOrigin(origin)
              .build());
    }
  }

  /**
   * Ends the streams that watch {@code cache} alone with {@code status}: a config reload removed
   * the cache, so nothing will come for it. Streams that watch every cache stay.
   */
  public void end(String cache, Status status) {
    for (Watcher w : watchers) {
      if (!w.cache.equals(cache)) continue;
      synchronized (w) {
        remove(w);
        if (!w.done) {
          w.done = true;
          w.out.onError(status.asRuntimeException());
        }
      }
    }
  }

  /** Ends every stream: the sidecar is shutting down. */
  public void closeAll() {
    for (Watcher w : watchers) {
      synchronized (w) {
        if (!w.done) {
          w.done = true;
          w.out.onCompleted();
        }
      }
    }
    watchers.clear();
  }

  private void send(Watcher w, CacheEvent event) {
    synchronized (w) {
      if (w.done || w.out.isCancelled()) return;
      if (!w.out.isReady()) {
        int events = w.unread.incrementAndGet();
        long bytes = w.unreadBytes.addAndGet(event.getSerializedSize());
        if (events > MAX_UNREAD_EVENTS || bytes > w.maxUnreadBytes) {
          w.done = true;
          remove(w);
          w.onCut.run();
          w.out.onError(
              Status.RESOURCE_EXHAUSTED
                  .withDescription(
                      "this Watch stream fell "
                          + events
                          + " events ("
                          + bytes
                          + " bytes) behind, over the limit of "
                          + MAX_UNREAD_EVENTS
                          + " events or "
                          + w.maxUnreadBytes
                          + " bytes (limits.maxWatchBacklogBytes); read events as they come,"
                          + " off the thread that receives them, and watch again")
                  .asRuntimeException());
          return;
        }
      }
      w.out.onNext(event);
    }
  }

  private void remove(Watcher w) {
    watchers.remove(w);
  }
}
