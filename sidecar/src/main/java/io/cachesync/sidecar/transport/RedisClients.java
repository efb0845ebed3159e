package io.cachesync.sidecar.transport;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisLogin;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/**
 * Builds the Lettuce clients the way a sidecar needs them: quick reconnects, and commands rejected
 * (not queued without bound) while disconnected, so the bus's own outage buffer is the only one.
 * Every client of the process (bus, keyspace listener, L2 and write-behind) shares one set of
 * Lettuce resources on the process's shared event loops: a client's {@code shutdown} leaves them
 * running, and nothing else may shut them down.
 */
public final class RedisClients {
  private RedisClients() {}

  private static final class Shared {
    static final ClientResources RESOURCES =
        ClientResources.builder()
            .eventLoopGroupProvider(
                new LettuceEventLoops(SharedEventLoops.group(), SharedEventLoops.THREADS))
            .computationThreadPoolSize(1)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50),
                    Duration.ofSeconds(2),
                    2,
                    java.util.concurrent.TimeUnit.MILLISECONDS))
            .build();
  }

  public static RedisClient client(RedisConfig config) {
    ClientResources resources = Shared.RESOURCES;
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

  /**
   * @throws io.cachesync.sidecar.config.ConfigException when a credentials file is unusable
   */
  static RedisURI uri(RedisConfig config) {
    RedisURI uri = RedisURI.create(config.url());
    uri.setTimeout(config.commandTimeout());
    RedisLogin login = RedisLogin.of(config);
    if (login.present()) {
      RedisCredentials credentials = RedisCredentials.just(login.username(), login.password());
      uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> credentials));
    }
    return uri;
  }
}
