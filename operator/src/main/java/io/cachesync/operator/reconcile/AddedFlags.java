package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.redis.RedisEndpoint;

/**
 * The {@code notify-keyspace-events} flags the operator added for a CacheSync, and the server it
 * added them on. A status written before the server was recorded means the spec's server, as it
 * always did.
 */
record AddedFlags(RedisEndpoint server, String flags) {

  static AddedFlags of(CacheSync cs) {
    var status = cs.getStatus();
    String flags =
        status == null || status.getKeyspaceFlagsAdded() == null
            ? ""
            : status.getKeyspaceFlagsAdded();
    RedisEndpoint recorded =
        status == null ? null : RedisEndpoint.parse(status.getKeyspaceFlagsServer());
    return new AddedFlags(recorded != null ? recorded : serverOf(cs), flags);
  }

  /** The server the spec names; null for a URL Lettuce cannot parse (it never got flags). */
  static RedisEndpoint serverOf(CacheSync cs) {
    try {
      return RedisEndpoint.of(
          SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis()), cs.getMetadata().getNamespace());
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  /** The URL to reach {@link #server()} with: the spec's own when it names that server. */
  String url(CacheSync cs) {
    String spec = SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis());
    return server == null || server.equals(serverOf(cs)) ? spec : server.urlLike(spec);
  }

  boolean isEmpty() {
    return flags.isEmpty() || server == null;
  }
}
