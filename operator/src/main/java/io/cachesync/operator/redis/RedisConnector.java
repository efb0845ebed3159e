package io.cachesync.operator.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.time.Duration;
import java.util.function.Function;

/**
 * The operator's one way into Redis: short-lived connections with a timeout and no reconnect, on a
 * shared client, or on a client of its own when the CacheSync brings its own CA or client
 * certificate (TLS options are per client).
 */
final class RedisConnector implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final RedisClient client = RedisClient.create();

  RedisConnector() {
    client.setOptions(options().build());
  }

  private static ClientOptions.Builder options() {
    return ClientOptions.builder()
        .autoReconnect(false)
        .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build());
  }

  /** A data node, logged in as {@code username}/{@code password} (null: no AUTH). */
  Visit<StatefulRedisConnection<String, String>> data(
      RedisURI uri, String username, String password, RedisTrust trust) {
    if (password != null) {
      uri.setCredentialsProvider(
          RedisCredentialsProvider.from(() -> RedisCredentials.just(username, password)));
    }
    return open(uri, trust, (c, u) -> c.connect(u));
  }

  /** A sentinel, with whatever credentials its own URI carries (none unless the URL had them). */
  Visit<StatefulRedisSentinelConnection<String, String>> sentinel(RedisURI uri, RedisTrust trust) {
    return open(uri, trust, (c, u) -> c.connectSentinel(u));
  }

  private interface Opener<C> {
    C open(RedisClient client, RedisURI uri);
  }

  private <C extends StatefulConnection<String, String>> Visit<C> open(
      RedisURI uri, RedisTrust trust, Opener<C> opener) {
    uri.setTimeout(TIMEOUT);
    trust.apply(uri);
    if (!uri.isSsl() || !trust.custom()) return new Visit<>(opener.open(client, uri), null);
    RedisClient own = RedisClient.create(client.getResources());
    own.setOptions(options().sslOptions(trust.sslOptions()).build());
    try {
      return new Visit<>(opener.open(own, uri), own);
    } catch (RuntimeException e) {
      own.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw e;
    }
  }

  /** Runs {@code work} on a data node and closes the connection; exceptions pass through. */
  <T> T onData(
      RedisURI uri, RedisAccess access, Function<StatefulRedisConnection<String, String>, T> work) {
    try (Visit<StatefulRedisConnection<String, String>> v =
        data(uri, access.username(), access.password(), access.trust())) {
      return work.apply(v.connection());
    }
  }

  /** A connection and the client of its own it may have; the shared resources stay up. */
  record Visit<C extends StatefulConnection<String, String>>(C connection, RedisClient own)
      implements AutoCloseable {
    @Override
    public void close() {
      connection.close();
      if (own != null) own.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
