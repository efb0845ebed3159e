package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.redis.KeyspaceFlags;
import io.cachesync.operator.redis.KeyspaceRegistration;
import io.cachesync.operator.redis.RedisEndpoint;

/**
 * The external resource the keyspace dependent manages: one CacheSync's registration in the
 * keyspace ledger of one Redis server, as last seen or made. Identified by its server, so a
 * CacheSync that moves to another server has a new one.
 */
record KeyspaceFlagsOnServer(RedisEndpoint server, KeyspaceRegistration registration) {

  String id() {
    return server.hostPort();
  }

  /** Whether the spec asks the operator to keep keyspace flags on its server. */
  static boolean requested(CacheSync cs) {
    KeyspaceNotificationsSpec keyspace = cs.getSpec().getKeyspaceNotifications();
    return keyspace != null
        && keyspace.getEvents() != null
        && !keyspace.getEvents().isEmpty()
        && !Boolean.FALSE.equals(keyspace.getManage());
  }

  /** The flags the spec's events need ("" for none). */
  static String needs(CacheSync cs) {
    KeyspaceNotificationsSpec keyspace = cs.getSpec().getKeyspaceNotifications();
    if (keyspace == null || keyspace.getEvents() == null || keyspace.getEvents().isEmpty()) {
      return "";
    }
    return KeyspaceFlags.required(keyspace.getEvents());
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

  /** The server the status says this CacheSync registered on; null for none. */
  static RedisEndpoint recordedServer(CacheSync cs) {
    return cs.getStatus() == null
        ? null
        : RedisEndpoint.parse(cs.getStatus().getKeyspaceFlagsServer());
  }

  /**
   * Flags an operator before the ledger recorded in this CacheSync's status as added by it on
   * {@code server}: they join the ledger's record of what CacheSync added, once.
   */
  static String inherited(CacheSync cs, RedisEndpoint server) {
    if (cs.getStatus() == null || cs.getStatus().getKeyspaceFlagsAdded() == null) return "";
    RedisEndpoint recorded = recordedServer(cs);
    boolean there = recorded == null ? server.equals(serverOf(cs)) : server.equals(recorded);
    return there ? cs.getStatus().getKeyspaceFlagsAdded() : "";
  }

  /**
   * A URL for {@code server}: the spec's own when it names that server; else one rebuilt from the
   * recorded server (sentinels and master name, or host and port).
   */
  static String url(CacheSync cs, RedisEndpoint server) {
    String spec = SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis());
    if (server.equals(serverOf(cs))) return spec;
    int at = server.host().indexOf('@');
    if (at < 0) return server.urlLike(spec);
    // master@host:port,host:port, as RedisEndpoint records a Sentinel setup
    return (spec.startsWith("rediss") ? "rediss-sentinel://" : "redis-sentinel://")
        + server.host().substring(at + 1)
        + "#"
        + server.host().substring(0, at);
  }

  /**
   * The topology of {@code server}: the spec's mode when it names that server; a recorded Sentinel
   * setup is one by its form; any other recorded server is taken in the spec's mode.
   */
  static RedisMode modeOf(CacheSync cs, RedisEndpoint server) {
    RedisMode spec =
        cs.getSpec().getRedis().getMode() == null
            ? RedisMode.Standalone
            : cs.getSpec().getRedis().getMode();
    if (server.equals(serverOf(cs))) return spec;
    if (server.host().contains("@")) return RedisMode.Sentinel;
    return spec == RedisMode.Sentinel ? RedisMode.Standalone : spec;
  }

  /**
   * The ledger's field for a CacheSync: its UID, so a new CacheSync of the same name is another.
   */
  static String uid(CacheSync cs) {
    String uid = cs.getMetadata().getUid();
    return uid != null ? uid : cs.getMetadata().getNamespace() + "/" + cs.getMetadata().getName();
  }
}
