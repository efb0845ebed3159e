package io.cachesync.operator.redis;

import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Visits a CacheSync's Redis: checks it answers with the given credentials and, where keyspace
 * events are requested, merges the flags they need into {@code notify-keyspace-events} (never
 * removing any) or says which flags the user must set when CONFIG is forbidden.
 */
public final class RedisInspector implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final RedisClient client = RedisClient.create();

  /**
   * CONFIG GET, merge, CONFIG SET is a read-modify-write: two CacheSyncs on one server reconciled
   * at once would each overwrite the other's flags. One operator process changes the setting at a
   * time (only the leader reconciles).
   */
  private final Object configLock = new Object();

  public RedisInspector() {
    client.setOptions(options().build());
  }

  private static ClientOptions.Builder options() {
    return ClientOptions.builder()
        .autoReconnect(false)
        .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build());
  }

  public RedisFacts inspect(
      String url, String username, String password, KeyspaceNotificationsSpec keyspace) {
    return inspect(url, username, password, RedisTrust.DEFAULT, keyspace);
  }

  /** As the sidecars connect: with the CacheSync's TLS trust and client certificate. */
  public RedisFacts inspect(
      String url,
      String username,
      String password,
      RedisTrust trust,
      KeyspaceNotificationsSpec keyspace) {
    try (Visit v = connect(url, username, password, trust)) {
      StatefulRedisConnection<String, String> c = v.connection();
      RedisCommands<String, String> redis = c.sync();
      redis.ping();
      synchronized (configLock) {
        return keyspace(redis, keyspace, url);
      }
    } catch (RuntimeException e) {
      return RedisFacts.unreachable(url + " did not answer: " + rootMessage(e) + TlsHints.of(e));
    }
  }

  /**
   * Takes {@code flags} back out of {@code notify-keyspace-events} (a CacheSync that added them is
   * gone and no other needs them); flags anyone else set stay.
   */
  public FlagsWithdrawal withdraw(String url, String username, String password, String flags) {
    return withdraw(url, username, password, RedisTrust.DEFAULT, flags);
  }

  /** As {@link #withdraw(String, String, String, String)}, with the CacheSync's TLS. */
  public FlagsWithdrawal withdraw(
      String url, String username, String password, RedisTrust trust, String flags) {
    try (Visit v = connect(url, username, password, trust)) {
      StatefulRedisConnection<String, String> c = v.connection();
      RedisCommands<String, String> redis = c.sync();
      String current;
      String restored;
      synchronized (configLock) {
        current =
            redis.configGet("notify-keyspace-events").getOrDefault("notify-keyspace-events", "");
        restored = KeyspaceFlags.without(current, flags);
        if (!restored.equals(current)) redis.configSet("notify-keyspace-events", restored);
      }
      return new FlagsWithdrawal(
          true,
          "removed '"
              + flags
              + "' from notify-keyspace-events at "
              + url
              + " ('"
              + current
              + "' is now '"
              + restored
              + "')");
    } catch (RuntimeException e) {
      return new FlagsWithdrawal(
          false,
          "could not remove '"
              + flags
              + "' from notify-keyspace-events at "
              + url
              + " ("
              + rootMessage(e)
              + TlsHints.of(e)
              + "): remove them by hand if nothing else needs them");
    }
  }

  /** What the user may do beyond its own channel and keys ({@link PrivilegeProbe}). */
  public RedisPrivileges privileges(String url, String username, String password) {
    return privileges(url, username, password, RedisTrust.DEFAULT);
  }

  /** As {@link #privileges(String, String, String)}, with the CacheSync's TLS. */
  public RedisPrivileges privileges(
      String url, String username, String password, RedisTrust trust) {
    try (Visit v = connect(url, username, password, trust)) {
      return PrivilegeProbe.run(v.connection().sync(), username);
    } catch (RuntimeException e) {
      return RedisPrivileges.unknown(url + " did not answer: " + rootMessage(e));
    }
  }

  /**
   * One connection, on the shared client, or on a client of its own when the CacheSync brings its
   * own CA or client certificate (TLS options are per client); both closed together.
   */
  private Visit connect(String url, String username, String password, RedisTrust trust) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(TIMEOUT);
    trust.apply(uri);
    if (password != null) {
      uri.setCredentialsProvider(
          io.lettuce.core.RedisCredentialsProvider.from(
              () -> io.lettuce.core.RedisCredentials.just(username, password)));
    }
    if (!uri.isSsl() || !trust.custom()) return new Visit(client.connect(uri), null);
    RedisClient own = RedisClient.create(client.getResources());
    own.setOptions(options().sslOptions(trust.sslOptions()).build());
    try {
      return new Visit(own.connect(uri), own);
    } catch (RuntimeException e) {
      own.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw e;
    }
  }

  /** A connection and the client of its own it may have; the shared resources stay up. */
  private record Visit(StatefulRedisConnection<String, String> connection, RedisClient own)
      implements AutoCloseable {
    @Override
    public void close() {
      connection.close();
      if (own != null) own.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static RedisFacts keyspace(
      RedisCommands<String, String> redis, KeyspaceNotificationsSpec spec, String url) {
    String ok = "Redis at " + url + " answers";
    if (spec == null || spec.getEvents() == null || spec.getEvents().isEmpty()) {
      return new RedisFacts(
          true, ok, RedisFacts.KeyspaceState.NOT_REQUESTED, "no keyspace events requested", "");
    }
    String required = KeyspaceFlags.required(spec.getEvents());
    String current;
    try {
      Map<String, String> got = redis.configGet("notify-keyspace-events");
      current = got.getOrDefault("notify-keyspace-events", "");
    } catch (RedisCommandExecutionException e) {
      return new RedisFacts(
          true, ok, RedisFacts.KeyspaceState.CONFIG_FORBIDDEN, forbidden(required, e), "");
    }
    String missing = KeyspaceFlags.missing(required, current);
    if (missing.isEmpty()) {
      return new RedisFacts(
          true,
          ok,
          RedisFacts.KeyspaceState.ENABLED,
          "notify-keyspace-events='" + current + "' covers " + names(spec),
          "");
    }
    if (Boolean.FALSE.equals(spec.getManage())) {
      return new RedisFacts(
          true,
          ok,
          RedisFacts.KeyspaceState.MISSING,
          "notify-keyspace-events='"
              + current
              + "' lacks '"
              + missing
              + "' for "
              + names(spec)
              + " and keyspaceNotifications.manage is false: set it to '"
              + KeyspaceFlags.merge(current, missing)
              + "' on the server (or set manage: true)",
          "");
    }
    try {
      String merged = KeyspaceFlags.merge(current, missing);
      redis.configSet("notify-keyspace-events", merged);
      return new RedisFacts(
          true,
          ok,
          RedisFacts.KeyspaceState.ENABLED,
          "added '"
              + missing
              + "' to notify-keyspace-events (was '"
              + current
              + "') for "
              + names(spec),
          missing);
    } catch (RedisCommandExecutionException e) {
      return new RedisFacts(
          true, ok, RedisFacts.KeyspaceState.CONFIG_FORBIDDEN, forbidden(required, e), "");
    }
  }

  private static String forbidden(String required, RuntimeException e) {
    return "this Redis does not allow CONFIG ("
        + rootMessage(e)
        + "), as managed services such as ElastiCache do:"
        + " set notify-keyspace-events to include '"
        + required
        + "' yourself (ElastiCache: the parameter group's"
        + " notify-keyspace-events), or the sidecars will not see writes that bypass them";
  }

  private static String names(KeyspaceNotificationsSpec spec) {
    List<String> names = spec.getEvents().stream().map(Enum::name).toList();
    return String.join(", ", names);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
