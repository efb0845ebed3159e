package io.cachesync.sidecar.sync;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the channel on the subscription's single I/O thread: drops its own frames, checks each
 * origin's sequence, and turns a gap, a peer's overflow or a re-subscription into a repair. Garbage
 * is counted and dropped; nothing on the channel can throw out of here.
 */
final class InvalidationSubscriber extends RedisPubSubAdapter<byte[], byte[]> {
  private static final Logger log = LoggerFactory.getLogger(InvalidationSubscriber.class);

  private final byte[] channel;
  private final String self;
  private final BusListener listener;
  private final BusCounters counters;
  private final Runnable onSubscribed;
  private final long silentOriginNanos;
  private final SequenceTracker tracker = new SequenceTracker();
  private boolean everSubscribed;
  private long lastSweepNanos = System.nanoTime();
  private long lastMalformedLogNanos;

  InvalidationSubscriber(
      byte[] channel,
      String self,
      BusListener listener,
      BusCounters counters,
      Runnable onSubscribed,
      long silentOriginNanos) {
    this.channel = channel;
    this.self = self;
    this.listener = listener;
    this.counters = counters;
    this.onSubscribed = onSubscribed;
    this.silentOriginNanos = silentOriginNanos;
  }

  @Override
  public void subscribed(byte[] subscribedTo, long count) {
    if (!Arrays.equals(subscribedTo, channel)) return;
    if (everSubscribed) {
      tracker.reset();
      repair("the subscription was re-established; messages sent while it was down may be lost");
    }
    everSubscribed = true;
    onSubscribed.run();
  }

  @Override
  public void message(byte[] from, byte[] bytes) {
    if (!Arrays.equals(from, channel)) return;
    try {
      handle(FrameCodec.decode(bytes));
    } catch (MalformedFrameException e) {
      counters.malformed.increment();
      long now = System.nanoTime();
      if (now - lastMalformedLogNanos
          > 10_000_000_000L) { // at most one line per 10 s, whatever the flood
        lastMalformedLogNanos = now;
        log.warn(
            "dropped a malformed message of {} bytes on the invalidation channel: {}",
            bytes.length,
            e.getMessage());
      }
    } catch (RuntimeException e) {
      counters.malformed.increment();
      log.error("a message on the invalidation channel could not be applied", e);
    }
  }

  private void handle(Frame frame) {
    if (frame.origin().equals(self)) return;
    counters.framesReceived.increment();
    long now = System.nanoTime();
    if (frame.type() == Frame.Type.HEARTBEAT) {
      if (tracker.heartbeat(frame.origin(), frame.sequence(), now) == SequenceTracker.Verdict.GAP) {
        gap(frame, "its heartbeat is ahead of the last batch received");
      }
      sweepSilentOrigins(now);
      return;
    }
    switch (tracker.batch(frame.origin(), frame.sequence(), now)) {
      case DUPLICATE -> {
        counters.duplicates.increment();
        return;
      }
      case GAP -> gap(frame, "batch " + frame.sequence() + " arrived out of order");
      case IN_ORDER -> {}
    }
    for (Change change : frame.changes()) {
      if (change.kind() == ChangeKind.EVERYTHING) {
        repair("peer " + frame.origin() + " lost invalidations while Redis was unreachable");
      } else {
        listener.onPeerChange(frame.origin(), change);
      }
    }
  }

  private void gap(Frame frame, String detail) {
    counters.gaps.increment();
    repair("sequence gap from " + frame.origin() + ": " + detail);
  }

  private void repair(String reason) {
    counters.repairs.increment();
    log.warn("repair: clearing local caches because {}", reason);
    listener.onRepair(reason);
  }

  private void sweepSilentOrigins(long now) {
    if (now - lastSweepNanos < silentOriginNanos) return;
    lastSweepNanos = now;
    tracker.forgetSilentSince(now - silentOriginNanos);
  }
}
