package io.cachesync.sidecar.sync;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this sidecar's changes with one frame in flight at a time: a lone change leaves at
 * once, and whatever queues up during a round trip leaves together in the next frame (batching
 * without a timer). A frame that fails is kept with its sequence number and sent again, so peers
 * see no false gap; while Redis is away, changes queue up to the outage bound, and past it are
 * replaced by one "clear everything".
 */
final class InvalidationPublisher {
  private static final Logger log = LoggerFactory.getLogger(InvalidationPublisher.class);
  private static final long RETRY_MILLIS = 200;

  private record Pending(Change change, CompletableFuture<Void> done) {}

  private final FrameSink sink;
  private final FrameMac mac;
  private final int maxFrameBytes;
  private final String origin;
  private final int maxBatchKeys;
  private final int outageBufferKeys;
  private final BusCounters counters;
  private final ScheduledExecutorService scheduler;

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedKeys = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile RedisClusterAsyncCommands<byte[], byte[]> commands;
  private volatile boolean connected;
  private volatile boolean overflowed;

  /** The last publish failed and is being retried: new changes count as buffered. */
  private volatile boolean failing;

  private volatile long lastPublished;

  /** Since when publishing fails, heartbeats included (-1: it works); and why. */
  private volatile long troubleSinceNanos = -1;

  private volatile String trouble = "";

  /** After the goodbye no heartbeat goes out. */
  private volatile boolean saidGoodbye;

  // Owned by the holder of `sending`.
  private long nextSequence = 1;
  private byte[] stalledFrame;
  private List<Pending> stalledBatch;

  /**
   * @param mac signs every frame; null sends them unsigned
   * @param maxFrameBytes the most a peer accepts: a batch encoding larger goes as clears instead
   */
  InvalidationPublisher(
      FrameSink sink,
      FrameMac mac,
      int maxFrameBytes,
      String origin,
      int maxBatchKeys,
      int outageBufferKeys,
      BusCounters counters,
      ScheduledExecutorService scheduler) {
    this.sink = sink;
    this.mac = mac;
    this.maxFrameBytes = maxFrameBytes;
    this.origin = origin;
    this.maxBatchKeys = maxBatchKeys;
    this.outageBufferKeys = outageBufferKeys;
    this.counters = counters;
    this.scheduler = scheduler;
  }

  /** Completes once the change is on the channel, or buffered because Redis is away. */
  CompletableFuture<Void> publish(Change change) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (queuedKeys.addAndGet(change.weight()) > outageBufferKeys) {
      queuedKeys.addAndGet(-change.weight());
      overflow();
      done.complete(null); // covered by the "clear everything" that goes out on reconnect
    } else {
      queue.add(new Pending(change, done));
      if (!connected || failing) done.complete(null);
    }
    drain();
    return done;
  }

  void connected(RedisClusterAsyncCommands<byte[], byte[]> commands) {
    this.commands = commands;
    this.connected = true;
    drain();
  }

  void disconnected() {
    connected = false;
  }

  boolean idle() {
    return queue.isEmpty() && !overflowed && !sending.get();
  }

  int bufferedKeys() {
    return queuedKeys.get();
  }

  long lastPublished() {
    return lastPublished;
  }

  void heartbeat() {
    RedisClusterAsyncCommands<byte[], byte[]> c = commands;
    if (c == null || !connected || saidGoodbye) return;
    sink.send(c, FrameCodec.encode(Frame.heartbeat(origin, lastPublished), mac))
        .whenComplete(
            (receivers, error) -> {
              if (error != null) troubled(error);
              else if (!failing) troubleSinceNanos = -1;
            });
  }

  /**
   * Why publishing has failed for longer than {@code boundNanos} (a batch or a heartbeat: an ACL
   * without PUBLISH on the channel, Redis out of memory), or null when it works.
   */
  String failingFor(long boundNanos) {
    long since = troubleSinceNanos;
    return since != -1 && System.nanoTime() - since > boundNanos ? trouble : null;
  }

  /**
   * The orderly last word: tells peers the last sequence number, so they forget this origin without
   * a repair. Only when everything this sidecar changed has been published; otherwise it says
   * nothing, and the peers, finding it silent, clear what it may have changed. Completes when the
   * goodbye is on the channel (or at once, when none is said).
   */
  CompletableFuture<Void> goodbye() {
    RedisClusterAsyncCommands<byte[], byte[]> c = commands;
    if (c == null || !connected || !idle()) return CompletableFuture.completedFuture(null);
    saidGoodbye = true; // a heartbeat after it would make peers take this origin back, then clear
    return sink.send(c, FrameCodec.encode(Frame.goodbye(origin, lastPublished), mac))
        .toCompletableFuture()
        .handle((n, e) -> null);
  }

  private void troubled(Throwable error) {
    if (troubleSinceNanos == -1) troubleSinceNanos = System.nanoTime();
    Throwable t = error;
    while (t.getCause() != null) t = t.getCause();
    trouble = String.valueOf(t.getMessage());
  }

  private void overflow() {
    if (!overflowed) {
      counters.overflows.increment();
      log.warn(
          "invalidation buffer over {} keys while Redis is unreachable: peers will be told to clear",
          outageBufferKeys);
    }
    overflowed = true;
    Pending p;
    while ((p = queue.poll()) != null) {
      queuedKeys.addAndGet(-p.change().weight());
      p.done().complete(null);
    }
  }

  private void drain() {
    while (connected && (overflowed || !queue.isEmpty())) {
      if (!sending.compareAndSet(false, true)) return;
      if (sendNext()) return; // the completion continues the drain
      sending.set(false);
    }
  }

  /**
   * Holding {@code sending}: sends the stalled frame or the next batch; false when there was
   * nothing.
   */
  private boolean sendNext() {
    byte[] frame;
    List<Pending> batch;
    if (stalledFrame != null) {
      frame = stalledFrame;
      batch = stalledBatch;
    } else {
      batch = new ArrayList<>();
      List<Change> changes = new ArrayList<>();
      if (overflowed) {
        overflowed = false;
        changes.add(Change.everything());
      }
      int keys = 0;
      Pending p;
      while (keys < maxBatchKeys && (p = queue.poll()) != null) {
        queuedKeys.addAndGet(-p.change().weight());
        batch.add(p);
        changes.add(p.change());
        keys += p.change().weight();
      }
      if (changes.isEmpty()) return false;
      frame = encodeBatch(Batches.coalesce(changes));
    }
    byte[] sent = frame;
    sink.send(commands, sent).whenComplete((receivers, error) -> onSent(sent, batch, error));
    return true;
  }

  /**
   * A batch whose keys would make the frame larger than peers accept (one huge Invalidate, or a
   * batch of long keys) clears its caches instead: more than was asked, never less.
   */
  private byte[] encodeBatch(List<Change> changes) {
    byte[] frame = FrameCodec.encode(Frame.batch(origin, nextSequence, changes), mac);
    if (frame.length <= maxFrameBytes) return frame;
    log.warn(
        "a batch of {} bytes is over sync.maxFrameBytes ({}): peers are told to clear its caches",
        frame.length,
        maxFrameBytes);
    return FrameCodec.encode(Frame.batch(origin, nextSequence, Batches.asClears(changes)), mac);
  }

  private void onSent(byte[] frame, List<Pending> batch, Throwable error) {
    if (error == null) {
      lastPublished = nextSequence++;
      failing = false;
      troubleSinceNanos = -1;
      stalledFrame = null;
      stalledBatch = null;
      counters.framesPublished.increment();
      for (Pending p : batch) {
        counters.keysPublished.add(p.change().keys().size());
        p.done().complete(null);
      }
      sending.set(false);
      drain();
    } else {
      counters.publishFailures.increment();
      troubled(error);
      failing = true;
      stalledFrame = frame;
      stalledBatch = batch;
      for (Pending p : batch) p.done().complete(null); // buffered: it goes out with the retry
      log.debug("publish failed, retrying in {} ms: {}", RETRY_MILLIS, error.toString());
      sending.set(false);
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    try {
      scheduler.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // shutting down: what is left is lost with this process, and peers' TTLs bound the damage
    }
  }

  private void retry() {
    if (stalledFrame == null && queue.isEmpty() && !overflowed) return;
    if (!connected) {
      scheduleRetry();
      return;
    }
    if (!sending.compareAndSet(false, true)) return;
    if (!sendNext()) sending.set(false);
  }
}
