package io.cachesync.sidecar.sync;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@code delivery: Stream}: reads the frames stream with {@code XREAD BLOCK}
 * on a connection of its own, always from the id of the last entry read, so a connection lost and
 * found again reads on where it stopped instead of clearing the caches.
 *
 * <p>What comes back after a failure is checked before it is trusted: if the last entry read is no
 * longer in the stream (trimmed past it, or Redis lost the stream), entries after it may be gone
 * too; if Redis restarted (another {@code run_id}), what it restored may lack the newest entries.
 * Either way the caches are cleared ({@link Events#resumed} with a reason). Trimming removes the
 * oldest entries first, so while the last entry read is there, nothing after it is missing.
 *
 * <p>A failover (Sentinel, or the master of the key's slot in a Redis Cluster) is not a restart:
 * the promoted replica continues the old master's replication history ({@link ServerHistory}), so
 * the reader reads on from the last id there. Entries the old master had not replicated are gone; a
 * frame lost that way leaves a gap in its origin's sequence numbers (at the latest at its next
 * heartbeat), which the subscriber repairs; and if the last entry read was among them, the check
 * above clears.
 */
final class StreamSubscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamSubscription.class);
  private static final int BATCH = 500;

  /**
   * The most one XREAD reply copies: 500 entries of a few hundred bytes are far under it, while 500
   * entries at {@code sync.maxFrameBytes} (whoever may XADD can write them) would be gigabytes.
   */
  static final long REPLY_BUDGET_BYTES = 64L << 20;

  private static final String NONE = "0-0";

  /** Called on this subscription's one thread, in order. */
  interface Events {
    /** The first read of the stream is under way: frames follow. */
    void started();

    /** Back after a failure; {@code lost} says why frames may be missing, null when none are. */
    void resumed(String lost);

    /** Reading failed; frames wait in the stream until it works again. */
    void down(String reason);

    void frame(byte[] bytes);
  }

  private final StreamNode node;
  private final BoundedFrameCodec codec;
  private final byte[] key;
  private final String keyName;
  private final long blockMillis;
  private final Events events;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread thread;

  // Owned by the thread.
  private String lastId;
  private ServerHistory server;
  private boolean failing;

  /**
   * @param node where the stream is read; the codec of its connections is {@code codec}
   */
  StreamSubscription(
      StreamNode node,
      BoundedFrameCodec codec,
      String key,
      Duration commandTimeout,
      Events events) {
    this.node = node;
    this.codec = codec;
    this.keyName = key;
    this.key = key.getBytes(StandardCharsets.UTF_8);
    this.blockMillis = Math.max(10, Math.min(1_000, commandTimeout.toMillis() / 2));
    this.events = events;
    this.thread = new Thread(this::run, "cachesync-bus-stream");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long pauseMillis = 50;
    while (closing.getCount() > 0) {
      try {
        RedisCommands<byte[], byte[]> redis = node.commands();
        if (lastId == null) {
          lastId = newestId(redis);
          server = history(redis);
          events.started();
        } else if (failing) {
          ServerHistory now = history(redis);
          String lost = lostSince(redis, now);
          server = now;
          failing = false;
          log.info(
              "frames stream {} readable again{}",
              keyName,
              lost == null ? "; reading on from " + lastId : ": " + lost);
          events.resumed(lost);
        }
        pauseMillis = 50;
        read(redis);
      } catch (RuntimeException e) {
        if (closing.getCount() == 0) return;
        node.failed();
        if (!failing) {
          failing = true;
          log.warn("reading the frames stream {} failed: {}; retrying", keyName, e.toString());
          events.down("reading the frames stream " + keyName + " failed: " + e.getMessage());
        }
        pause(pauseMillis);
        pauseMillis = Math.min(pauseMillis * 2, 2_000);
      }
    }
  }

  private void read(RedisCommands<byte[], byte[]> redis) {
    codec.newReply();
    List<StreamMessage<byte[], byte[]>> entries =
        redis.xread(
            XReadArgs.Builder.block(blockMillis).count(BATCH), StreamOffset.from(key, lastId));
    if (entries == null) return;
    for (StreamMessage<byte[], byte[]> e : entries) {
      // past the reply budget: this entry and the rest are read again, from here
      if (e.getBody().containsValue(BoundedFrameCodec.DEFERRED)) return;
      lastId = e.getId();
      // one field: the frame (an entry of more fields was not written by a sidecar: each is
      // checked as a frame, and refused)
      for (byte[] frame : e.getBody().values()) events.frame(frame);
    }
  }

  /**
   * Why frames after {@link #lastId} may be missing now, or null when none can be: the last entry
   * read is still there and Redis did not restart.
   */
  private String lostSince(RedisCommands<byte[], byte[]> redis, ServerHistory now) {
    if (server != null && !server.continuedBy(now)) {
      return "Redis restarted while the frames stream was unreadable; it may have lost entries";
    }
    if (NONE.equals(lastId)) {
      return "the frames stream was empty when this sidecar started, so there is no place to"
          + " read on from";
    }
    List<StreamMessage<byte[], byte[]>> still = redis.xrange(key, Range.create(lastId, lastId));
    if (still.isEmpty()) {
      return "the frames stream no longer holds entry "
          + lastId
          + " (trimmed past it, or lost): entries after it may be gone";
    }
    return null;
  }

  private String newestId(RedisCommands<byte[], byte[]> redis) {
    List<StreamMessage<byte[], byte[]>> newest =
        redis.xrevrange(key, Range.unbounded(), Limit.from(1));
    return newest.isEmpty() ? NONE : newest.get(0).getId();
  }

  private static ServerHistory history(RedisCommands<byte[], byte[]> redis) {
    return ServerHistory.of(redis.info("server") + "\n" + redis.info("replication"));
  }

  private void pause(long millis) {
    try {
      closing.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    node.close(); // ends a blocked XREAD
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
