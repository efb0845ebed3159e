package io.cachesync.sidecar.sync;

import io.cachesync.sidecar.config.RedisConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the Lettuce client the way a sidecar needs it: small thread pools, quick reconnects, and
 * commands rejected (not queued without bound) while disconnected, so the bus's own outage buffer
 * is the only one.
 */
public final class RedisConnector {
  private RedisConnector() {}

  public static RedisClient client(RedisConfig config) {
    ClientResources resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(1)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50),
                    Duration.ofSeconds(2),
                    2,
                    java.util.concurrent.TimeUnit.MILLISECONDS))
            .build();
    RedisClient client = RedisClient.create(resources, uri(config));
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .protocolVersion(ProtocolVersion.RESP2)
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(config.connectTimeout())
                    .keepAlive(true)
                    .build())
            .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
            .build());
    return client;
  }

  static RedisURI uri(RedisConfig config) {
    RedisURI uri = RedisURI.create(config.url());
    uri.setTimeout(config.commandTimeout());
    String password = password(config);
    if (password != null) {
      if (config.username() != null)
        uri.setCredentialsProvider(
            io.lettuce.core.RedisCredentialsProvider.from(
                () -> io.lettuce.core.RedisCredentials.just(config.username(), password)));
      else
        uri.setCredentialsProvider(
            io.lettuce.core.RedisCredentialsProvider.from(
                () -> io.lettuce.core.RedisCredentials.just(null, password)));
    }
    return uri;
  }

  private static String password(RedisConfig config) {
    if (config.passwordFile() != null) {
      try {
        return Files.readString(Path.of(config.passwordFile())).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "redis.passwordFile " + config.passwordFile() + " cannot be read", e);
      }
    }
    String env = System.getenv("CACHESYNC_REDIS_PASSWORD");
    return env == null || env.isEmpty() ? null : env;
  }
}
