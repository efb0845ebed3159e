package io.cachesync.sidecar.sync;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the channel on the subscription's single I/O thread: drops its own frames, checks each
 * origin's sequence, and turns a gap, a peer's overflow, a re-subscription or a peer that fell
 * silent without a goodbye into a repair. What the {@link FrameGate} refuses (oversized, forged,
 * garbage) is counted by reason and dropped; nothing on the channel can throw out of here.
 *
 * <p>Silence: a peer that dies while Redis is unreachable to it takes the changes it had buffered
 * with it, and nothing it could send would tell anyone. So a peer heard before and silent for
 * {@code silentOriginNanos} without having said goodbye is taken to have lost changes: clear. The
 * check runs when this sidecar's own heartbeat comes back on the channel, which paces it at the
 * heartbeat interval exactly while this sidecar hears the channel.
 */
final class InvalidationSubscriber extends RedisPubSubAdapter<byte[], byte[]> {
  private static final Logger log = LoggerFactory.getLogger(InvalidationSubscriber.class);

  private final byte[] channel;
  private final String self;
  private final BusListener listener;
  private final BusCounters counters;
  private final Runnable onSubscribed;
  private final long silentOriginNanos;
  private final FrameGate gate;
  private final SequenceTracker tracker = new SequenceTracker();
  private boolean everSubscribed;
  private long lastRejectLogNanos;

  InvalidationSubscriber(
      byte[] channel,
      String self,
      BusListener listener,
      BusCounters counters,
      Runnable onSubscribed,
      long silentOriginNanos,
      FrameGate gate) {
    this.gate = gate;
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

  /**
   * With {@code delivery: Stream}, after the reader was away: a repair when frames may be missing
   * ({@code lost}), else nothing to do but carry on where it stopped.
   */
  void resumed(String lost) {
    if (lost != null) {
      tracker.reset();
      repair(lost);
    } else {
      // the peers' frames of the outage are in the backlog about to be read: none fell silent
      tracker.heardAll(System.nanoTime());
      counters.resumes.increment();
    }
    onSubscribed.run();
  }

  @Override
  public void message(byte[] from, byte[] bytes) {
    if (Arrays.equals(from, channel)) frame(bytes);
  }

  /** One frame as it came off the channel or the stream. */
  void frame(byte[] bytes) {
    try {
      handle(gate.open(bytes));
    } catch (RejectedFrameException e) {
      rejected(e, bytes.length);
    } catch (RuntimeException e) {
      counters.malformed.increment();
      log.error("a message on the invalidation channel could not be applied", e);
    }
  }

  private void rejected(RejectedFrameException e, int length) {
    switch (e.reason) {
      case OVERSIZED -> counters.oversized.increment();
      case SIGNATURE -> counters.forged.increment();
      case MALFORMED -> counters.malformed.increment();
    }
    long now = System.nanoTime();
    if (now - lastRejectLogNanos
        > 10_000_000_000L) { // at most one line per 10 s, whatever the flood
      lastRejectLogNanos = now;
      log.warn(
          "dropped a message on the invalidation channel ({}): {}{}",
          e.reason.label,
          e.getMessage(),
          length == 0 ? "" : " (" + length + " bytes)");
    }
  }

  private void handle(Frame frame) {
    long now = System.nanoTime();
    if (frame.origin().equals(self)) {
      if (frame.type() == Frame.Type.HEARTBEAT) sweepSilentOrigins(now);
      return;
    }
    counters.framesReceived.increment();
    if (frame.type() == Frame.Type.HEARTBEAT) {
      switch (tracker.heartbeat(frame.origin(), frame.sequence(), now)) {
        case GAP -> gap(frame, "its heartbeat is ahead of the last batch received");
        case IMPLAUSIBLE -> jump(frame);
        default -> {}
      }
      return;
    }
    if (frame.type() == Frame.Type.GOODBYE) {
      switch (tracker.goodbye(frame.origin(), frame.sequence(), now)) {
        case GAP -> gap(frame, "its goodbye is ahead of the last batch received");
        case IMPLAUSIBLE -> jump(frame);
        default -> {}
      }
      log.info("peer {} said goodbye", frame.origin());
      return;
    }
    switch (tracker.batch(frame.origin(), frame.sequence(), now)) {
      case DUPLICATE -> {
        counters.duplicates.increment();
        return;
      }
      case IMPLAUSIBLE -> {
        jump(frame); // the repair drops whatever the batch names, and it is not trusted further
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

  private void jump(Frame frame) {
    counters.sequenceJumps.increment();
    gap(
        frame,
        "sequence number "
            + frame.sequence()
            + " is over "
            + SequenceTracker.MAX_SEQUENCE_JUMP
            + " away from the last one (forged, or a confused peer); not taken as its new"
            + " number, its next frame starts afresh");
  }

  private void repair(String reason) {
    counters.repairs.increment();
    log.warn("repair: clearing local caches because {}", reason);
    listener.onRepair(reason);
  }

  private void sweepSilentOrigins(long now) {
    List<String> silent = tracker.forgetSilentSince(now - silentOriginNanos);
    if (silent.isEmpty()) return;
    counters.silentPeers.add(silent.size());
    repair(
        "peer"
            + (silent.size() == 1 ? " " : "s ")
            + String.join(", ", silent)
            + " fell silent for over "
            + silentOriginNanos / 1_000_000
            + " ms without a goodbye: changes not yet published there may be lost");
  }
}
