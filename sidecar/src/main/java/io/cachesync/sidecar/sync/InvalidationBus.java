package io.cachesync.sidecar.sync;

import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.config.SyncConfig;
import io.cachesync.sidecar.config.SyncKeys;
import io.cachesync.sidecar.transport.ConnectedServer;
import io.cachesync.sidecar.transport.RedisConnector;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation bus: one connection publishes, one subscribes. Over Redis Pub/Sub by default;
 * with {@code delivery: Stream} frames go to a capped Redis Stream instead and are read from it
 * with XREAD ({@link StreamSubscription}), so a reader that was away reads on instead of clearing.
 * It connects in the background ({@link RedisConnector}), reports its state, and keeps going
 * through outages: Lettuce reconnects, the subscriber repairs (or, from a stream, reads on), the
 * publisher replays what it buffered.
 *
 * <p><b>Redis Cluster</b> ({@code redis.mode: Cluster}): the channel is a <em>shard channel</em>
 * (SPUBLISH/SSUBSCRIBE), carried only by the nodes of the shard that owns the slot its name hashes
 * to; a classic PUBLISH in a cluster is copied over the cluster bus to every node, so its cost
 * grows with the cluster instead of staying on one shard. One CacheSync keeps <em>one</em> channel
 * ({@code sync.channel}) on one shard, not one per cache: a frame batches the keys of every cache,
 * and its origin's single sequence number is what gap detection, heartbeats and goodbyes check. A
 * channel per cache would need a sequence (and a heartbeat) per cache and origin, so more frames
 * and more messages for the same writes, while every pod still subscribes to every cache's channel
 * and so still receives every message: it would spread a busy CacheSync's fan-out over several
 * shards, but every pod's load and the total deliveries grow, and the heartbeats (pods² per
 * interval) multiply by the number of caches. Several CacheSyncs give the same spread without that
 * cost where their pods differ (docs/SCALING.md). A deployment that outgrows one shard's fan-out
 * (messages/s = frames/s × pods) splits into several CacheSyncs, each its own channel on the shard
 * its name hashes to (a hash tag in {@code sync.channel} pins it). The same holds for {@code
 * delivery: Stream}: the stream key {@code sync.streamKey()} lives on one slot. A failover or slot
 * move of the channel's slot is a re-subscription on the new master, repaired like any reconnect
 * ({@link ShardChannelSubscription}); the stream reader reads on there ({@link ClusterStreamNode}).
 */
public final class InvalidationBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InvalidationBus.class);

  private final RedisConfig redis;
  private final SyncConfig sync;
  private final String origin;
  private final BusListener listener;
  private final BusCounters counters = new BusCounters();
  private final BoundedFrameCodec codec;
  private final ScheduledExecutorService scheduler;
  private final InvalidationPublisher publisher;
  private final InvalidationSubscriber subscriber;
  private final SyncKeyWatcher keyWatcher;
  private final AtomicReference<SyncState> state = new AtomicReference<>(SyncState.CONNECTING);
  private final ConnectedServer server =
      new ConnectedServer("the invalidation bus", counters.serverChanges::increment);

  private final RedisConnector<StatefulConnection<byte[], byte[]>> connector;
  private volatile StatefulConnection<byte[], byte[]> publishing;
  private volatile RedisClusterAsyncCommands<byte[], byte[]> publishCommands;
  private volatile StatefulRedisPubSubConnection<byte[], byte[]> subscription;
  private volatile ShardChannelSubscription shardSubscription;
  private volatile StreamSubscription streamSubscription;
  private volatile boolean publisherUp;
  private volatile boolean subscribed;
  private volatile boolean everConnected;
  private volatile boolean closed;
  private volatile String lastError;

  /** How long publishing may fail before the bus reports DEGRADED though it is connected. */
  private final long publishBoundNanos;

  public InvalidationBus(RedisConfig redis, SyncConfig sync, String origin, BusListener listener) {
    // a key file that cannot be read stops the start here, naming the field
    SyncKeys keys = SyncKeys.of(sync);
    FrameMac mac = FrameMac.of(keys);
    if (mac == null) {
      log.warn(
          "sync.keyFile is not set: frames on {} are unsigned, and whoever can publish there can"
              + " clear or mute this sidecar's caches (fine for local runs only)",
          sync.channel());
    }
    this.redis = redis;
    this.sync = sync;
    this.origin = origin;
    this.listener = listener;
    this.codec = new BoundedFrameCodec(sync.maxFrameBytes());
    this.lastError = "connecting to Redis at " + redis.url();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cachesync-bus");
              t.setDaemon(true);
              return t;
            });
    byte[] channel = sync.channel().getBytes(StandardCharsets.UTF_8);
    FrameSink sink =
        sync.delivery() == Delivery.Stream
            ? FrameSink.stream(
                sync.streamKey().getBytes(StandardCharsets.UTF_8), sync.streamMaxLength())
            : redis.mode() == RedisMode.Cluster
                ? FrameSink.shardPublish(channel)
                : FrameSink.publish(channel);
    this.publisher =
        new InvalidationPublisher(
            sink,
            mac,
            sync.maxFrameBytes(),
            origin,
            sync.maxBatchKeys(),
            sync.outageBufferKeys(),
            counters,
            scheduler);
    this.subscriber =
        new InvalidationSubscriber(
            channel,
            origin,
            listener,
            counters,
            this::onSubscribed,
            silentPeerNanos(sync),
            new FrameGate(mac, sync.maxFrameBytes()));
    this.publishBoundNanos = Math.max(1_000_000_000L, 3 * sync.heartbeatInterval().toNanos());
    this.connector = new RedisConnector<>("the invalidation bus", redis, scheduler, this::open);
    this.keyWatcher =
        keys == null
            ? null
            : new SyncKeyWatcher(sync.keyFile(), keys, mac, counters, System::nanoTime);
  }

  /**
   * How long a peer may stay silent before it counts as gone without a goodbye: ten heartbeats, and
   * no less than 5 s, so that a pause of a few seconds (a GC, a busy node) is not taken for a
   * death.
   */
  public static long silentPeerNanos(SyncConfig sync) {
    return Math.max(5_000_000_000L, 10 * sync.heartbeatInterval().toNanos());
  }

  /** Starts connecting in the background; {@link #state()} says when it is CONNECTED. */
  public void start() {
    connector.start();
    long hb = sync.heartbeatInterval().toMillis();
    scheduler.scheduleAtFixedRate(
        () -> {
          publisher.heartbeat();
          ShardChannelSubscription shard = shardSubscription;
          if (shard != null) shard.tick();
          refreshState();
        },
        hb,
        hb,
        TimeUnit.MILLISECONDS);
    if (keyWatcher != null) {
      long poll = SyncKeyWatcher.POLL.toMillis();
      scheduler.scheduleWithFixedDelay(keyWatcher::poll, poll, poll, TimeUnit.MILLISECONDS);
    }
  }

  /** Broadcasts a change; completes once it is on the channel, or buffered while Redis is away. */
  public CompletableFuture<Void> publish(Change change) {
    return publisher.publish(change);
  }

  public SyncState state() {
    return state.get();
  }

  public String origin() {
    return origin;
  }

  public String channel() {
    return sync.channel();
  }

  public BusCounters counters() {
    return counters;
  }

  /**
   * host:port of the Redis server the bus reached last: the master, with Sentinel; with Cluster the
   * node that serves the channel (or the stream key) now.
   */
  public String redisServer() {
    return server.server();
  }

  public int bufferedKeys() {
    return publisher.bufferedKeys();
  }

  /** Why the bus is not CONNECTED, for health detail; empty when it is. */
  public String lastError() {
    if (state() == SyncState.CONNECTED) return "";
    String connecting = connector.whyNotConnected();
    return connecting.isEmpty() ? lastError : connecting;
  }

  /** One attempt of the connector: both connections on a fresh client, or an exception. */
  private StatefulConnection<byte[], byte[]> open(AbstractRedisClient client) {
    StatefulConnection<byte[], byte[]> pub =
        client instanceof RedisClusterClient cluster
            ? openCluster(cluster)
            : open((RedisClient) client);
    log.info(
        "connected to Redis at {}; {} {} as {}",
        redis.url(),
        sync.delivery() == Delivery.Stream
            ? "reading frames from"
            : shardSubscription != null ? "subscribing to shard channel" : "subscribing to",
        sync.delivery() == Delivery.Stream ? sync.streamKey() : sync.channel(),
        origin);
    return pub;
  }

  private StatefulConnection<byte[], byte[]> open(RedisClient c) {
    c.addListener(server); // before connecting, so the first server counts as the baseline
    StatefulRedisConnection<byte[], byte[]> pub = c.connect(ByteArrayCodec.INSTANCE);
    pub.addListener(
        stateListener(
            () -> {
              publisherUp = true;
              publisher.connected(pub.async());
            },
            () -> {
              publisherUp = false;
              publisher.disconnected();
            }));
    publishing = pub;
    publishCommands = pub.async();
    publisherUp = true;
    if (sync.delivery() == Delivery.Stream) {
      startStream(streamCodec -> StreamNode.server(c, streamCodec));
    } else {
      StatefulRedisPubSubConnection<byte[], byte[]> sub = c.connectPubSub(codec);
      sub.addListener(stateListener(() -> {}, () -> subscribed = false));
      sub.addListener(subscriber);
      subscription = sub;
      sub.async().subscribe(sync.channel().getBytes(StandardCharsets.UTF_8));
    }
    return pub;
  }

  /**
   * Redis Cluster: publishing goes through the cluster connection, which routes SPUBLISH (or XADD)
   * to the master of the channel's (or stream key's) slot; a failed publish is retried by the
   * publisher, so no connection-state listener is needed (the cluster connection has one link per
   * node). The subscription follows the slot's master ({@link ShardChannelSubscription}, {@link
   * ClusterStreamNode}), and says which node that is: the server {@code /health} reports.
   */
  private StatefulConnection<byte[], byte[]> openCluster(RedisClusterClient c) {
    StatefulRedisClusterConnection<byte[], byte[]> pub = c.connect(ByteArrayCodec.INSTANCE);
    publishing = pub;
    publishCommands = pub.async();
    publisherUp = true;
    if (sync.delivery() == Delivery.Stream) {
      startStream(
          streamCodec ->
              new ClusterStreamNode(
                  c,
                  streamCodec,
                  sync.streamKey().getBytes(StandardCharsets.UTF_8),
                  node -> reachedClusterNode(pub, node)));
    } else {
      ShardChannelSubscription shard =
          new ShardChannelSubscription(
              c,
              c.connectPubSub(codec),
              sync.channel().getBytes(StandardCharsets.UTF_8),
              subscriber,
              new ShardChannelSubscription.Events() {
                @Override
                public void down(String reason) {
                  subscribed = false;
                  lastError = reason;
                  refreshState();
                }

                @Override
                public void server(String hostPort) {
                  reachedClusterNode(pub, hostPort);
                }
              });
      shardSubscription = shard;
      shard.start();
    }
    return pub;
  }

  /**
   * The channel (or stream key) is served by {@code hostPort} now: counted when it changed, and the
   * publishing connection's link to that node opened ahead of the next frame, since Lettuce refuses
   * (under REJECT_COMMANDS) a command that would wait for a node's first connection.
   */
  private void reachedClusterNode(
      StatefulRedisClusterConnection<byte[], byte[]> pub, String hostPort) {
    server.reached(hostPort);
    int colon = hostPort.lastIndexOf(':');
    pub.getConnectionAsync(
            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))
        .exceptionally(e -> null); // unreachable now: the publisher's retries find it later
  }

  /**
   * Starts the frames stream's reader on {@code node}, whose connections decode with the reader's
   * own codec: the codec counts each XREAD reply against its budget, so it must be the one that
   * decodes it.
   */
  private void startStream(Function<BoundedFrameCodec, StreamNode> node) {
    BoundedFrameCodec streamCodec =
        new BoundedFrameCodec(sync.maxFrameBytes(), StreamSubscription.REPLY_BUDGET_BYTES);
    streamSubscription =
        new StreamSubscription(
            node.apply(streamCodec),
            streamCodec,
            sync.streamKey(),
            redis.commandTimeout(),
            streamEvents());
    streamSubscription.start();
  }

  /** The frames stream's reader, on its own thread: frames to the subscriber, state to the bus. */
  private StreamSubscription.Events streamEvents() {
    byte[] channel = sync.channel().getBytes(StandardCharsets.UTF_8);
    return new StreamSubscription.Events() {
      @Override
      public void started() {
        subscriber.subscribed(channel, 1);
      }

      @Override
      public void resumed(String lost) {
        subscriber.resumed(lost);
      }

      @Override
      public void down(String reason) {
        subscribed = false;
        lastError = reason;
        refreshState();
      }

      @Override
      public void frame(byte[] bytes) {
        subscriber.frame(bytes);
      }
    };
  }

  private void onSubscribed() {
    subscribed = true;
    everConnected = true;
    publisher.connected(publishCommands);
    refreshState();
  }

  private RedisConnectionStateListener stateListener(Runnable up, Runnable down) {
    return new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        up.run();
        refreshState();
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        down.run();
        lastError = "lost the connection to Redis at " + redis.url() + "; reconnecting";
        refreshState();
      }
    };
  }

  /**
   * CONNECTED needs the subscription, the publishing connection, and publishing that works: a
   * connection that answers every PUBLISH with an error (an ACL without the channel, Redis out of
   * memory) is DEGRADED with the reason once it has lasted a few heartbeats.
   */
  private synchronized void refreshState() {
    String failing = publisher.failingFor(publishBoundNanos);
    if (failing != null && !closed) {
      lastError =
          "publishing to "
              + sync.channel()
              + " on Redis at "
              + redis.url()
              + " has failed for over "
              + publishBoundNanos / 1_000_000
              + " ms: "
              + failing
              + "; peers are not told of this sidecar's changes until it works again";
    }
    SyncState next =
        closed
            ? SyncState.CLOSED
            : publisherUp && subscribed && failing == null
                ? SyncState.CONNECTED
                : everConnected ? SyncState.DEGRADED : SyncState.CONNECTING;
    SyncState prev = state.getAndSet(next);
    if (prev != next) {
      log.info("sync {} -> {} on {}", prev, next, sync.channel());
      listener.onStateChange(next);
    }
  }

  /**
   * Waits (bounded) for buffered changes to leave, says goodbye when they all did (peers then
   * forget this origin without clearing), then disconnects.
   */
  @Override
  public void close() {
    awaitQuietly(publisher::idle, Duration.ofSeconds(2));
    try {
      publisher.goodbye().get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("goodbye not sent: {}", e.toString());
    }
    closed = true;
    refreshState();
    scheduler.shutdownNow();
    if (subscription != null) subscription.close();
    if (shardSubscription != null) shardSubscription.close();
    if (streamSubscription != null) streamSubscription.close();
    if (publishing != null) publishing.close();
    connector.close();
  }

  private static void awaitQuietly(BooleanSupplier done, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }
}
