package io.cachesync.sidecar.transport;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisLogin;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.config.TlsFiles;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Lettuce clients the way a sidecar needs them: quick reconnects, and commands rejected
 * (not queued without bound) while disconnected, so the bus's own outage buffer is the only one.
 * Every client of the process (bus, keyspace listener, L2 and write-behind) shares one set of
 * Lettuce resources on the process's shared event loops: a client's {@code shutdown} leaves them
 * running, and nothing else may shut them down. TLS ({@link RedisTls}) is set here too, so no
 * client can miss it.
 */
public final class RedisClients {
  private static final Logger log = LoggerFactory.getLogger(RedisClients.class);

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

  /**
   * @throws io.cachesync.sidecar.config.ConfigException when a credentials or TLS file is unusable
   */
  /**
   * Reads every file the connections will need (credentials, TLS) once at start, so a bad mount
   * stops the sidecar naming the key and path instead of leaving it retrying; and says loudly,
   * once, when the hostname check is off.
   *
   * @throws io.cachesync.sidecar.config.ConfigException naming the key and path of a bad file
   */
  public static void checkAtStart(RedisConfig config) {
    RedisLogin.of(config);
    if (!config.tlsEnabled()) return;
    TlsFiles.read(config.tls());
    if (!config.tls().verifyHostname()) {
      log.warn(
          "redis.tls.verifyHostname is false: the sidecar accepts any certificate its CA signed for"
              + " ANY host as {}, so whoever holds one (or can get one) can impersonate Redis on"
              + " the network path and read or forge every invalidation; turn it back on once"
              + " the certificate names the host in redis.url",
          config.url());
    }
  }

  /**
   * A fresh client for {@code config.mode()}: a {@link RedisClient} for Standalone and Sentinel, a
   * {@link RedisClusterClient} for Cluster, whose {@code redis.url} is a seed node the slots are
   * discovered from.
   */
  public static AbstractRedisClient client(RedisConfig config) {
    return config.mode() == RedisMode.Cluster ? cluster(config) : standalone(config);
  }

  private static RedisClient standalone(RedisConfig config) {
    RedisClient client = RedisClient.create(Shared.RESOURCES, uri(config));
    client.setOptions(options(config, ClientOptions.builder()).build());
    return client;
  }

  /**
   * The cluster client refreshes its slot map every 30 s and at once on MOVED/ASK, a failed
   * reconnect or a failover notice (adaptive triggers), so a promoted replica or a moved slot is
   * found without waiting for the period; nodes that are not in the map are refused, so a stale
   * address cannot take traffic after a node left the cluster.
   */
  private static RedisClusterClient cluster(RedisConfig config) {
    RedisClusterClient client = RedisClusterClient.create(Shared.RESOURCES, List.of(uri(config)));
    ClusterTopologyRefreshOptions refresh =
        ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
            .build();
    client.setOptions(
        options(config, ClusterClientOptions.builder())
            .topologyRefreshOptions(refresh)
            .validateClusterNodeMembership(true)
            .nodeFilter(RedisClients::inService)
            .build());
    return client;
  }

  /**
   * Whether a node of the slot map is worth a connection. A node the cluster marked failed (or
   * without an address, or still joining) stays listed until someone runs CLUSTER FORGET, and
   * Lettuce would reconnect to it, and log a refresh failure, every half second for as long; left
   * out, its connection is closed and the promoted replica holds its slots.
   */
  static boolean inService(RedisClusterNode node) {
    return !node.is(RedisClusterNode.NodeFlag.FAIL)
        && !node.is(RedisClusterNode.NodeFlag.NOADDR)
        && !node.is(RedisClusterNode.NodeFlag.HANDSHAKE);
  }

  /** How often a cluster client re-reads the slot map when nothing triggered it sooner. */
  static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

  private static <B extends ClientOptions.Builder> B options(RedisConfig config, B options) {
    if (config.tlsEnabled()) options.sslOptions(RedisTls.options(config));
    options
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .protocolVersion(ProtocolVersion.RESP2)
        .socketOptions(
            SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()));
    return options;
  }

  /**
   * @throws io.cachesync.sidecar.config.ConfigException when a credentials file is unusable
   */
  static RedisURI uri(RedisConfig config) {
    RedisURI uri = RedisURI.create(config.url());
    uri.setTimeout(config.commandTimeout());
    if (config.tlsEnabled()) RedisTls.apply(uri, config);
    RedisLogin login = RedisLogin.of(config);
    if (login.present()) {
      RedisCredentials credentials = RedisCredentials.just(login.username(), login.password());
      uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> credentials));
    }
    return uri;
  }
}
