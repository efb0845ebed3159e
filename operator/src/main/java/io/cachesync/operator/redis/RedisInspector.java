package io.cachesync.operator.redis;

import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import io.cachesync.operator.model.RedisMode;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;

/**
 * Visits a CacheSync's Redis: checks it answers with the given credentials and, where keyspace
 * events are requested, merges the flags they need into {@code notify-keyspace-events} (never
 * removing any) or says which flags the user must set when CONFIG is forbidden.
 */
public final class RedisInspector implements AutoCloseable {
  private final RedisConnector connector = new RedisConnector();

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
    try (RedisConnector.Visit<StatefulRedisConnection<String, String>> v =
        connect(url, username, password, trust)) {
      StatefulRedisConnection<String, String> c = v.connection();
      RedisCommands<String, String> redis = c.sync();
      redis.ping();
      return keyspace(redis, keyspace, url);
    } catch (RuntimeException e) {
      return RedisFacts.unreachable(url + " did not answer: " + rootMessage(e) + TlsHints.of(e));
    }
  }

  /**
   * As {@link #inspect(String, String, String, RedisTrust, KeyspaceNotificationsSpec)} for any
   * topology: on Sentinel and Cluster every data node is visited ({@link TopologyInspection}).
   */
  public RedisFacts inspect(
      RedisMode mode, RedisAccess access, KeyspaceNotificationsSpec keyspace) {
    if (!spread(mode)) {
      return inspect(access.url(), access.username(), access.password(), access.trust(), keyspace);
    }
    try {
      RedisTopology topology = topology(mode, access);
      List<NodeSetting> seen =
          topology.nodes().stream().map(n -> NodeSetting.read(connector, access, n)).toList();
      return TopologyInspection.of(topology, seen, keyspace);
    } catch (RuntimeException e) {
      return RedisFacts.unreachable(why(access.url(), e));
    }
  }

  /** What the user may do beyond its own channel and keys, asked of a master of the topology. */
  public RedisPrivileges privileges(RedisMode mode, RedisAccess access) {
    if (!spread(mode)) {
      return privileges(access.url(), access.username(), access.password(), access.trust());
    }
    try {
      RedisTopology topology = topology(mode, access);
      if (topology.masters().isEmpty()) return RedisPrivileges.unknown("no master answers");
      TopologyNode master = topology.masters().get(0);
      return connector.onData(
          master.uri(access.url()), access, c -> PrivilegeProbe.run(c.sync(), access.username()));
    } catch (RuntimeException e) {
      return RedisPrivileges.unknown(why(access.url(), e));
    }
  }

  /** As {@link #observe(RedisAccess, String)} on every node of the topology; never throws. */
  public KeyspaceRegistration observe(RedisAccess access, RedisMode mode, String uid) {
    if (!spread(mode)) return observe(access, uid);
    try {
      return TopologyLedger.observe(connector, access, topology(mode, access), uid);
    } catch (RuntimeException e) {
      return KeyspaceRegistration.failed(
          e instanceof TopologyUnknown ? e.getMessage() : failure(access.url(), e));
    }
  }

  /** As {@link #register} on every node of the topology ({@link TopologyLedger}); never throws. */
  public KeyspaceRegistration register(
      RedisAccess access, RedisMode mode, String uid, String needs, String inherited) {
    if (!spread(mode)) return register(access, uid, needs, inherited);
    try {
      return TopologyLedger.register(connector, access, topology(mode, access), uid, needs);
    } catch (RuntimeException e) {
      return KeyspaceRegistration.failed(
          e instanceof TopologyUnknown ? e.getMessage() : failure(access.url(), e));
    }
  }

  /** As {@link #release} on every node the ledger names; never throws. */
  public FlagsWithdrawal release(RedisAccess access, RedisMode mode, String uid, String inherited) {
    if (!spread(mode)) return release(access, uid, inherited);
    try {
      return TopologyWithdrawal.release(connector, access, topology(mode, access), uid);
    } catch (RuntimeException e) {
      return new FlagsWithdrawal(
          false,
          "",
          "could not take back keyspace flags: "
              + (e instanceof TopologyUnknown ? e.getMessage() : failure(access.url(), e))
              + "; remove them from notify-keyspace-events on every node by hand if nothing"
              + " else needs them");
    }
  }

  private static boolean spread(RedisMode mode) {
    return mode == RedisMode.Sentinel || mode == RedisMode.Cluster;
  }

  private RedisTopology topology(RedisMode mode, RedisAccess access) {
    return mode == RedisMode.Cluster
        ? ClusterTopology.discover(connector, access)
        : SentinelTopology.discover(connector, access);
  }

  private static String why(String url, RuntimeException e) {
    return e instanceof TopologyUnknown
        ? e.getMessage()
        : url + " did not answer: " + rootMessage(e) + TlsHints.of(e);
  }

  /**
   * What {@code notify-keyspace-events} and the {@link KeyspaceLedger} on this server say about the
   * CacheSync {@code uid}; never throws.
   */
  public KeyspaceRegistration observe(RedisAccess access, String uid) {
    try (RedisConnector.Visit<StatefulRedisConnection<String, String>> v =
        connect(access.url(), access.username(), access.password(), access.trust())) {
      return KeyspaceLedger.observe(v.connection().sync(), uid);
    } catch (RuntimeException e) {
      return KeyspaceRegistration.failed(failure(access.url(), e));
    }
  }

  /**
   * Registers the flags the CacheSync {@code uid} needs and sets those the server lacks ({@link
   * KeyspaceLedger#register}); never throws.
   */
  public KeyspaceRegistration register(
      RedisAccess access, String uid, String needs, String inherited) {
    try (RedisConnector.Visit<StatefulRedisConnection<String, String>> v =
        connect(access.url(), access.username(), access.password(), access.trust())) {
      return KeyspaceLedger.register(v.connection().sync(), uid, needs, inherited);
    } catch (RuntimeException e) {
      return KeyspaceRegistration.failed(failure(access.url(), e));
    }
  }

  /**
   * Drops the CacheSync {@code uid}'s registration and takes back what no other CacheSync needs
   * ({@link KeyspaceLedger#release}); never throws.
   */
  public FlagsWithdrawal release(RedisAccess access, String uid, String inherited) {
    try (RedisConnector.Visit<StatefulRedisConnection<String, String>> v =
        connect(access.url(), access.username(), access.password(), access.trust())) {
      return KeyspaceLedger.release(v.connection().sync(), uid, inherited);
    } catch (RuntimeException e) {
      return new FlagsWithdrawal(
          false,
          "",
          "could not take back keyspace flags at "
              + failure(access.url(), e)
              + ": remove them from notify-keyspace-events by hand if nothing else needs them");
    }
  }

  /** Why a visit failed, naming the ledger's ACL needs when the user was refused them. */
  private static String failure(String url, RuntimeException e) {
    String why = rootMessage(e);
    if (why.startsWith("NOPERM")) {
      return url
          + " refused the keyspace ledger ("
          + why
          + "): the operator's Redis user needs ~"
          + KeyspaceLedger.KEY
          + " with +hgetall +hset +hdel +watch +multi +exec +unwatch, and on Sentinel and Cluster"
          + " +hsetnx +hget (docs/security.md)";
    }
    return url + " (" + why + TlsHints.of(e) + ")";
  }

  /** What the user may do beyond its own channel and keys ({@link PrivilegeProbe}). */
  public RedisPrivileges privileges(String url, String username, String password) {
    return privileges(url, username, password, RedisTrust.DEFAULT);
  }

  /** As {@link #privileges(String, String, String)}, with the CacheSync's TLS. */
  public RedisPrivileges privileges(
      String url, String username, String password, RedisTrust trust) {
    try (RedisConnector.Visit<StatefulRedisConnection<String, String>> v =
        connect(url, username, password, trust)) {
      return PrivilegeProbe.run(v.connection().sync(), username);
    } catch (RuntimeException e) {
      return RedisPrivileges.unknown(url + " did not answer: " + rootMessage(e));
    }
  }

  /** One connection to the server {@code url} names, as the CacheSync's sidecars log in. */
  private RedisConnector.Visit<StatefulRedisConnection<String, String>> connect(
      String url, String username, String password, RedisTrust trust) {
    return connector.data(RedisURI.create(url), username, password, trust);
  }

  private static RedisFacts keyspace(
      RedisCommands<String, String> redis, KeyspaceNotificationsSpec spec, String url) {
    String ok = "Redis at " + url + " answers";
    if (spec == null || spec.getEvents() == null || spec.getEvents().isEmpty()) {
      return new RedisFacts(
          true, ok, RedisFacts.KeyspaceState.NOT_REQUESTED, "no keyspace events requested");
    }
    String required = KeyspaceFlags.required(spec.getEvents());
    String current;
    try {
      Map<String, String> got = redis.configGet("notify-keyspace-events");
      current = got.getOrDefault("notify-keyspace-events", "");
    } catch (RedisCommandExecutionException e) {
      return new RedisFacts(
          true, ok, RedisFacts.KeyspaceState.CONFIG_FORBIDDEN, forbidden(required, e));
    }
    String missing = KeyspaceFlags.missing(required, current);
    if (missing.isEmpty()) {
      return new RedisFacts(
          true,
          ok,
          RedisFacts.KeyspaceState.ENABLED,
          "notify-keyspace-events='" + current + "' covers " + names(spec));
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
              + "' on the server (or set manage: true)");
    }
    // the operator's keyspace dependent sets them (KeyspaceLedger); this visit only looks
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
            + ": the operator adds them on its next pass");
  }

  static String forbidden(String required, RuntimeException e) {
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

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    connector.close();
  }
}
