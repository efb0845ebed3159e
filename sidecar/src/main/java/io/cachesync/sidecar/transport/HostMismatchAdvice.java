package io.cachesync.sidecar.transport;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.lettuce.core.RedisURI;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What to change when a Redis certificate does not name the host the sidecar connected to. In
 * Sentinel and Cluster modes most connections go to addresses Redis announces (the master the
 * sentinels name, the nodes of the slot map), not to a host of {@code redis.url}: there the fix is
 * a certificate naming the announced address, since no url can change where they are reached.
 *
 * @param urlHosts the hosts written in {@code redis.url} (the sentinels, or the seed node)
 */
record HostMismatchAdvice(RedisMode mode, Set<String> urlHosts) {

  static HostMismatchAdvice of(RedisConfig config) {
    RedisURI uri = RedisURI.create(config.url());
    Stream<RedisURI> named =
        uri.getSentinels().isEmpty() ? Stream.of(uri) : uri.getSentinels().stream();
    return new HostMismatchAdvice(
        config.mode(), named.map(RedisURI::getHost).collect(Collectors.toUnmodifiableSet()));
  }

  /** The sentence after "does not match host H: it is for N; ". */
  String forHost(String host) {
    if (mode == RedisMode.Standalone || host == null || urlHosts.contains(host)) {
      return "connect by one of those names (redis.url), or add the host to the certificate's"
          + " subject alternative names"
          + OFF;
    }
    String announcedBy =
        mode == RedisMode.Cluster
            ? "the cluster announces for that node (CLUSTER NODES: its cluster-announce-ip, else"
                + " the address it was joined by)"
            : "the sentinels give for the master or a replica (SENTINEL GET-MASTER-ADDR-BY-NAME:"
                + " its replica-announce-ip, else its IP)";
    return host
        + " is the address "
        + announcedBy
        + ", not a host of redis.url, so no redis.url can change it: every "
        + (mode == RedisMode.Cluster ? "node's" : "data node's")
        + " certificate must name the address it is announced by"
        + OFF;
  }

  private static final String OFF =
      " (redis.tls.verifyHostname: false turns the check off, which lets anyone on the path"
          + " impersonate Redis)";
}
