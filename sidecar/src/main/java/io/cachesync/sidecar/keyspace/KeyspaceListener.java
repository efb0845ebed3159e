package io.cachesync.sidecar.keyspace;

import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.keyspace.NotificationsStatus.State;
import io.cachesync.sidecar.transport.RedisConnector;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to Redis keyspace notifications ({@code __keyevent@<db>__:<event>}) so that writers that
 * never pass through a sidecar still invalidate the local copies of keys kept in L2. It connects
 * its own Pub/Sub connection in the background ({@link RedisConnector}), and after every
 * (re)subscription checks that the server actually sends the events, since Redis sends none by
 * default and a listener that hears nothing looks healthy.
 *
 * <p>On a Redis Cluster every master sends only its own keys' events, so the listener subscribes on
 * every master and follows failovers and new masters ({@link MasterSubscriptions}); each
 * (re)subscription after the first full set reports events missed, and the check reads every
 * master's setting, naming the masters that lack flags.
 */
public final class KeyspaceListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyspaceListener.class);
  private static final String SETTING = "notify-keyspace-events";

  private final RedisConfig redis;
  private final List<String> events;
  private final KeyspaceSink sink;
  private final KeyspaceDispatcher dispatcher;
  private final ScheduledExecutorService scheduler;
  private final RedisConnector<StatefulRedisPubSubConnection<String, String>> connector;

  private volatile StatefulRedisPubSubConnection<String, String> connection;
  private volatile MasterSubscriptions masters; // Cluster only
  private volatile boolean subscribed;
  private volatile boolean everSubscribed;
  private volatile boolean closed;
  private volatile boolean started;
  private volatile NotificationsStatus status =
      new NotificationsStatus(State.UNKNOWN, "not checked yet: connecting to Redis");
  private NotificationsStatus lastLogged; // guarded by this

  public KeyspaceListener(
      RedisConfig redis,
      KeyspaceNotificationsConfig config,
      KeyPrefixes prefixes,
      EchoFilter echoes,
      KeyspaceSink sink) {
    this.redis = redis;
    this.events = config.events().stream().distinct().toList();
    this.sink = sink;
    int db = RedisURI.create(redis.url()).getDatabase();
    this.dispatcher =
        new KeyspaceDispatcher(db, events, prefixes, echoes, sink, this::onSubscribed);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cachesync-keyspace");
              t.setDaemon(true);
              return t;
            });
    this.connector = new RedisConnector<>("keyspace events", redis, scheduler, this::open);
    connector.connected().thenRun(this::subscribe);
  }

  /** Starts connecting in the background; the status reaches the sink once it is checked. */
  public void start() {
    started = true;
    if (events.isEmpty()) {
      report(NotificationsCheck.off());
    } else if (dispatcher.prefixes().isEmpty()) {
      // every event in the database would cross the network to match nothing
      report(
          new NotificationsStatus(
              State.OFF, "no cache keeps an L2 in Redis, so no keyspace event can concern one"));
    } else {
      connector.start();
    }
  }

  /**
   * The caches' L2 prefixes after a config reload. Events for keys under a removed prefix are
   * ignored from now on; the first prefix of a listener that had none starts the subscription. A
   * listener whose prefixes all went keeps its subscription, matching nothing, until a restart.
   */
  public void prefixes(KeyPrefixes next) {
    dispatcher.prefixes(next);
    if (started && !events.isEmpty() && !next.isEmpty()) connector.start();
  }

  /** The last status reported to the sink. */
  public NotificationsStatus status() {
    return status;
  }

  /** Whether every keyevent channel is subscribed now; false while Redis is away. */
  public boolean subscribed() {
    return subscribed;
  }

  /** The channels listened to, e.g. {@code __keyevent@0__:set}. */
  public List<String> channels() {
    return dispatcher.channels();
  }

  /** Events under a cache's prefix that were handed to the sink. */
  public long eventsApplied() {
    return dispatcher.applied.sum();
  }

  /** Events that were the echo of the sidecar's own writes. */
  public long echoesIgnored() {
    return dispatcher.echoesIgnored.sum();
  }

  /** Events for keys under no cache's prefix. */
  public long eventsUnmatched() {
    return dispatcher.unmatched.sum();
  }

  /** Events the sink threw on. */
  public long eventsFailed() {
    return dispatcher.failed.sum();
  }

  /** One attempt of the connector: the Pub/Sub connection on a fresh client. */
  private StatefulRedisPubSubConnection<String, String> open(AbstractRedisClient client) {
    if (client instanceof RedisClusterClient cluster) return openCluster(cluster);
    RedisClient c = (RedisClient) client;
    StatefulRedisPubSubConnection<String, String> sub = c.connectPubSub(StringCodec.UTF8);
    sub.addListener(dispatcher);
    sub.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            if (subscribed && !closed) {
              log.warn("lost the keyspace subscription to Redis at {}; reconnecting", redis.url());
            }
            subscribed = false;
          }
        });
    connection = sub;
    log.debug("connected to Redis at {}; subscribing to {}", redis.url(), channels());
    return sub;
  }

  /**
   * Redis Cluster: one cluster Pub/Sub connection whose node connections carry the subscriptions,
   * one per master; the masters are followed every second from the listener's thread.
   */
  private StatefulRedisPubSubConnection<String, String> openCluster(RedisClusterClient client) {
    StatefulRedisClusterPubSubConnection<String, String> sub =
        client.connectPubSub(StringCodec.UTF8);
    masters =
        new MasterSubscriptions(
            client,
            sub,
            channels(),
            dispatcher,
            new MasterSubscriptions.Events() {
              @Override
              public void confirmed(String node) {
                onMasterConfirmed(node);
              }

              @Override
              public void lost(String node) {
                log.warn(
                    "lost the keyspace subscription on Redis Cluster master {}; events of its keys"
                        + " are missed until it (or the replica that replaces it) is subscribed",
                    node);
                subscribed = false;
              }
            });
    connection = sub;
    log.debug(
        "connected to Redis Cluster at {}; subscribing to {} on every master",
        redis.url(),
        channels());
    return sub;
  }

  private void onMasterConfirmed(String node) {
    if (closed) return;
    if (everSubscribed) {
      String reason =
          "the keyspace subscription on Redis Cluster master "
              + node
              + " was (re-)established (a reconnect, or a replica promoted); events it sent before"
              + " are lost";
      log.warn("{}", reason);
      try {
        sink.onEventsMissed(reason);
      } catch (RuntimeException e) {
        log.error("the keyspace sink failed on a re-subscription", e);
      }
      schedule(this::checkNotifications, 0); // a promoted replica may lack the flags
    }
    followMasters();
  }

  /** Cluster: whether every master is subscribed now; the first time, the check follows. */
  private synchronized void followMasters() {
    MasterSubscriptions m = masters;
    if (closed || m == null) return;
    m.tick();
    boolean complete = m.complete();
    if (complete && !everSubscribed) {
      everSubscribed = true;
      log.info("listening for keyspace events {} on every master: {}", events, m.masters());
      schedule(this::checkNotifications, 0);
    }
    subscribed = complete;
  }

  /** Lettuce re-subscribes by itself after a reconnect; this only retries a first SUBSCRIBE. */
  private void subscribe() {
    if (masters != null) {
      followMasters();
      try {
        scheduler.scheduleWithFixedDelay(this::followMasters, 1, 1, TimeUnit.SECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
      return;
    }
    if (closed || subscribed) return;
    connection
        .async()
        .subscribe(channels().toArray(String[]::new))
        .whenComplete(
            (ok, error) -> {
              if (error != null && !subscribed) {
                log.warn(
                    "SUBSCRIBE to keyspace events failed: {}; retrying",
                    RedisConnector.rootMessage(error));
                schedule(this::subscribe, 1_000);
              }
            });
  }

  /** Called on the I/O thread when Redis confirmed the last channel of a SUBSCRIBE. */
  private void onSubscribed() {
    if (closed || subscribed) return;
    subscribed = true;
    if (everSubscribed) {
      String reason =
          "the keyspace subscription was re-established; events sent while it was down are lost";
      log.warn("{}", reason);
      try {
        sink.onEventsMissed(reason);
      } catch (RuntimeException e) {
        log.error("the keyspace sink failed on a re-subscription", e);
      }
    } else {
      log.info("listening for keyspace events {} on {}", events, redis.url());
    }
    everSubscribed = true;
    schedule(this::checkNotifications, 0);
  }

  /** Reads the server's setting on a short-lived connection: a subscribed one takes no CONFIG. */
  private void checkNotifications() {
    if (closed) return;
    NotificationsStatus next;
    AbstractRedisClient any = connector.client();
    if (any == null) return; // closed
    if (any instanceof RedisClusterClient cluster) {
      checkEveryMaster(cluster);
      return;
    }
    RedisClient client = (RedisClient) any;
    try (StatefulRedisConnection<String, String> conn = client.connect(StringCodec.UTF8)) {
      String value = conn.sync().configGet(SETTING).getOrDefault(SETTING, "");
      next = NotificationsCheck.of(events, value);
    } catch (RedisLoadingException | RedisBusyException e) {
      schedule(this::checkNotifications, 1_000); // the server is starting or busy: ask again
      return;
    } catch (RedisCommandExecutionException e) {
      next = NotificationsCheck.unverifiable(events, e.getMessage()); // unknown command, NOPERM
    } catch (RuntimeException e) {
      // unreachable again: the next subscription checks anew
      log.debug("could not read {}: {}", SETTING, RedisConnector.rootMessage(e));
      if (subscribed) schedule(this::checkNotifications, 1_000);
      return;
    }
    report(next);
  }

  /** Cluster: each master's own setting, on a short-lived connection to it. */
  private void checkEveryMaster(RedisClusterClient client) {
    MasterSubscriptions m = masters;
    if (m == null) return;
    Map<String, NotificationsStatus> byMaster = new TreeMap<>();
    try (StatefulRedisClusterConnection<String, String> conn = client.connect(StringCodec.UTF8)) {
      for (String node : m.masters()) {
        int colon = node.lastIndexOf(':');
        try {
          String value =
              conn.getConnection(
                      node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)))
                  .sync()
                  .configGet(SETTING)
                  .getOrDefault(SETTING, "");
          byMaster.put(node, NotificationsCheck.of(events, value));
        } catch (RedisLoadingException | RedisBusyException e) {
          schedule(this::checkNotifications, 1_000);
          return;
        } catch (RedisCommandExecutionException e) {
          byMaster.put(node, NotificationsCheck.unverifiable(events, e.getMessage()));
        }
      }
    } catch (RuntimeException e) {
      log.debug("could not read {} on every master: {}", SETTING, RedisConnector.rootMessage(e));
      schedule(this::checkNotifications, 1_000);
      return;
    }
    report(NotificationsCheck.ofMasters(byMaster));
  }

  private synchronized void report(NotificationsStatus next) {
    status = next;
    if (!Objects.equals(next, lastLogged)) {
      lastLogged = next;
      if (next.state() == State.ENABLED || next.state() == State.OFF) {
        log.info("{} (keyspace notifications {})", next.detail(), next.state());
      } else {
        log.warn("{} (keyspace notifications {})", next.detail(), next.state());
      }
    }
    try {
      sink.onNotificationsStatus(next);
    } catch (RuntimeException e) {
      log.error("the keyspace sink failed on a status report", e);
    }
  }

  private void schedule(Runnable task, long delayMillis) {
    if (closed) return;
    try {
      scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing: nothing more to do
    }
  }

  /** Disconnects and shuts down Lettuce's threads; the listener cannot be started again. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    subscribed = false;
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS); // a connect in flight finishes first
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    MasterSubscriptions m = masters;
    if (m != null) m.close();
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c != null) c.close();
    connector.close();
  }
}
