package io.cachesync.operator.config;

import io.cachesync.operator.model.CacheSpec;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSyncSpec;
import io.cachesync.operator.model.L2Spec;
import io.cachesync.operator.model.Patterns;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.model.RedisSpec;
import io.cachesync.operator.model.TlsSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the CRD's schema checks, checked again in code (an API server without the schema, an old
 * CRD), plus what the schema cannot express. Each problem names its field.
 */
public final class SpecValidator {
  /** Lettuce's Sentinel form: sentinels (host[:port], by commas), an optional /db, #master. */
  private static final String SENTINEL_URL =
      "^rediss?-sentinel://[^\\s@/#?:,]+(:[0-9]{1,5})?(,[^\\s@/#?:,]+(:[0-9]{1,5})?)*"
          + "(/[0-9]+)?#[A-Za-z0-9._-]+$";

  private SpecValidator() {}

  public static List<String> problems(CacheSyncSpec spec) {
    List<String> p = new ArrayList<>();
    if (spec == null) {
      p.add("spec: missing");
      return p;
    }
    if (spec.getRedis() == null || spec.getRedis().getUrl() == null) {
      p.add("spec.redis.url: required, e.g. redis://redis.default.svc:6379");
    } else if (spec.getRedis().getMode() == RedisMode.Sentinel) {
      if (!spec.getRedis().getUrl().matches(SENTINEL_URL)) {
        p.add(
            "spec.redis.url: '"
                + spec.getRedis().getUrl()
                + "' must name the sentinels and the master, e.g."
                + " redis-sentinel://sentinel-0:26379,sentinel-1:26379#mymaster (rediss-sentinel://"
                + " for TLS), without a password, since spec.redis.mode is Sentinel");
      }
    } else if (spec.getRedis().getMode() == RedisMode.Cluster) {
      cluster(p, spec.getRedis());
    } else if (spec.getRedis().getUrl().matches("^rediss?-sentinel://.*")) {
      p.add(
          "spec.redis.url: '"
              + spec.getRedis().getUrl()
              + "' names sentinels; set spec.redis.mode: Sentinel");
    } else if (!spec.getRedis().getUrl().matches("^rediss?://[^\\s@]+$")) {
      p.add(
          "spec.redis.url: '"
              + spec.getRedis().getUrl()
              + "' must be redis://host:port or rediss://host:port, without a password");
    }
    tlsNeedsTls(p, spec.getRedis());
    if (spec.getCaches() == null || spec.getCaches().isEmpty()) {
      p.add("spec.caches: give at least one cache");
      return p;
    }
    Set<String> names = new HashSet<>();
    boolean needsLoader = false;
    for (int i = 0; i < spec.getCaches().size(); i++) {
      CacheSpec c = spec.getCaches().get(i);
      String at = "spec.caches[" + i + "]";
      if (c.getName() == null || c.getName().isBlank()) {
        p.add(at + ".name: every cache needs a name");
      } else if (!c.getName().matches(Patterns.CACHE_NAME)) {
        p.add(
            at
                + ".name: '"
                + c.getName()
                + "' must be lower-case letters, digits, '-', '_' or '.', at most 63 characters");
      } else if (!names.add(c.getName())) {
        p.add(at + ".name: '" + c.getName() + "' is used by another cache");
      }
      duration(p, at + ".ttl", c.getTtl());
      if (c.getMaximumWeight() != null
          && (!c.getMaximumWeight().matches(Patterns.QUANTITY)
              || Patterns.bytes(c.getMaximumWeight()) < 0)) {
        p.add(
            at
                + ".maximumWeight: '"
                + c.getMaximumWeight()
                + "' is not a positive byte size that fits in 63 bits; write e.g. 64Mi");
      }
      if (c.getMaximumSize() != null && c.getMaximumSize() < 1)
        p.add(at + ".maximumSize: must be at least 1");
      CacheStrategy s = c.getStrategy() == null ? CacheStrategy.LookAside : c.getStrategy();
      needsLoader |= s != CacheStrategy.LookAside;
      L2Spec l2 = c.getL2();
      if (l2 != null) duration(p, at + ".l2.ttl", l2.getTtl());
      if (s == CacheStrategy.WriteBehind && l2 != null && Boolean.FALSE.equals(l2.getEnabled())) {
        p.add(at + ".l2.enabled: WriteBehind keeps every Put in L2 until it is stored; enable l2");
      }
      if (c.getWriteBehind() != null) {
        duration(p, at + ".writeBehind.flushInterval", c.getWriteBehind().getFlushInterval());
        duration(p, at + ".writeBehind.claimIdle", c.getWriteBehind().getClaimIdle());
        duration(p, at + ".writeBehind.maxBackoff", c.getWriteBehind().getMaxBackoff());
      }
    }
    if (needsLoader && (spec.getLoader() == null || spec.getLoader().getTarget() == null)) {
      p.add(
          "spec.loader.target: caches with strategy ReadThrough, WriteThrough, WriteBehind or WriteAround need the application's CacheLoader, e.g. 127.0.0.1:7071");
    }
    if (spec.getLoader() != null) {
      duration(p, "spec.loader.timeout", spec.getLoader().getTimeout());
      String target = spec.getLoader().getTarget();
      if (target != null && !validPort(target.substring(target.lastIndexOf(':') + 1))) {
        p.add("spec.loader.target: '" + target + "' needs a port from 1 to 65535");
      }
      Integer queued = spec.getLoader().getMaxQueued();
      if (queued != null && queued < 1) {
        p.add("spec.loader.maxQueued: must be at least 1, got " + queued);
      }
    }
    if (spec.getSync() != null) {
      String heartbeat = spec.getSync().getHeartbeatInterval();
      duration(p, "spec.sync.heartbeatInterval", heartbeat);
      if (heartbeat != null && heartbeat.matches(Patterns.DURATION) && millis(heartbeat) < 10) {
        p.add("spec.sync.heartbeatInterval: '" + heartbeat + "' is below the minimum of 10ms");
      }
    }
    ports(p, spec);
    database(p, spec);
    prefixes(p, spec);
    clusterTags(p, spec);
    return p;
  }

  /**
   * On a Redis Cluster a WriteBehind cache's stream and L2 keys are written by one script, so a
   * prefix given for its L2 must carry the stream's hash tag, as the sidecar demands at start.
   */
  private static void clusterTags(List<String> p, CacheSyncSpec spec) {
    if (spec.getRedis() == null || spec.getRedis().getMode() != RedisMode.Cluster) return;
    List<CacheSpec> caches = spec.getCaches();
    for (int i = 0; i < caches.size(); i++) {
      CacheSpec c = caches.get(i);
      String given = givenPrefix(c);
      if (c.getStrategy() != CacheStrategy.WriteBehind || given == null) continue;
      if (c.getName().equals(RedisKeys.hashedPart(given))) continue;
      p.add(
          "spec.caches["
              + i
              + "].l2.prefix: '"
              + given
              + "' lacks the hash tag "
              + RedisKeys.hashTag(c.getName())
              + "; on a Redis Cluster a WriteBehind cache's stream and L2 keys must share a slot,"
              + " so its prefix's first {...} must be "
              + RedisKeys.hashTag(c.getName())
              + ", e.g. 'myapp:"
              + RedisKeys.hashTag(c.getName())
              + ":', or leave l2.prefix out for the default");
    }
  }

  /**
   * Two caches' L2 prefixes given in the spec that are equal or begin one another: the sidecar
   * refuses them (clearing one cache would delete the other's values). The defaults never collide.
   */
  private static void prefixes(List<String> p, CacheSyncSpec spec) {
    List<CacheSpec> caches = spec.getCaches();
    for (int i = 0; i < caches.size(); i++) {
      String mine = givenPrefix(caches.get(i));
      if (mine == null) continue;
      for (int j = 0; j < i; j++) {
        String theirs = givenPrefix(caches.get(j));
        if (theirs != null && (mine.startsWith(theirs) || theirs.startsWith(mine))) {
          p.add(
              "spec.caches["
                  + i
                  + "].l2.prefix: '"
                  + mine
                  + "' "
                  + (mine.equals(theirs) ? "is also" : "nests with")
                  + " the prefix '"
                  + theirs
                  + "' of cache "
                  + caches.get(j).getName()
                  + "; give each cache a prefix that does not begin with another's");
        }
      }
    }
  }

  private static String givenPrefix(CacheSpec c) {
    return RedisKeys.l2Enabled(c) && c.getL2() != null ? c.getL2().getPrefix() : null;
  }

  private static void ports(List<String> p, CacheSyncSpec spec) {
    if (spec.getSidecar() == null) return;
    int grpc = spec.getSidecar().getGrpcPort() == null ? 7070 : spec.getSidecar().getGrpcPort();
    int metrics =
        spec.getSidecar().getMetricsPort() == null ? 9464 : spec.getSidecar().getMetricsPort();
    if (grpc == metrics) {
      p.add(
          "spec.sidecar.metricsPort: "
              + metrics
              + " is the gRPC port too; give each its own (0 turns metrics off)");
    }
  }

  /** A Cluster's url names one seed node; a cluster has only database 0. */
  private static void cluster(List<String> p, RedisSpec r) {
    var seed =
        java.util.regex.Pattern.compile("^rediss?://[^\\s@/#?,]+(?:/([0-9]+))?(?:\\?.*)?$")
            .matcher(r.getUrl());
    if (!seed.matches()) {
      p.add(
          "spec.redis.url: '"
              + r.getUrl()
              + "' must name one seed node of the cluster, e.g. redis://redis-cluster-0:6379"
              + " (rediss:// for TLS), without a password, since spec.redis.mode is Cluster");
    } else if (seed.group(1) != null && Integer.parseInt(seed.group(1)) != 0) {
      p.add(
          "spec.redis.url: '"
              + r.getUrl()
              + "' names database "
              + seed.group(1)
              + ", but a Redis Cluster has only database 0: drop the /"
              + seed.group(1));
    }
    if (r.getDatabase() != null && r.getDatabase() != 0) {
      p.add(
          "spec.redis.database: "
              + r.getDatabase()
              + ", but a Redis Cluster has only database 0: leave it out, since spec.redis.mode"
              + " is Cluster");
    }
  }

  /** A database in the URL's path and a different {@code database} field: which one is meant? */
  private static void database(List<String> p, CacheSyncSpec spec) {
    if (spec.getRedis() == null || spec.getRedis().getUrl() == null) return;
    Integer field = spec.getRedis().getDatabase();
    var inUrl =
        java.util.regex.Pattern.compile("^rediss?(?:-sentinel)?://[^/#]+/([0-9]+)(?:#.*)?$")
            .matcher(spec.getRedis().getUrl());
    if (field != null && inUrl.matches() && Integer.parseInt(inUrl.group(1)) != field) {
      p.add(
          "spec.redis.database: "
              + field
              + " contradicts the database in spec.redis.url ("
              + inUrl.group(1)
              + "); give it in one place");
    }
  }

  private static boolean validPort(String port) {
    if (!port.matches("[0-9]{1,5}")) return false;
    int n = Integer.parseInt(port);
    return n >= 1 && n <= 65535;
  }

  /** A duration matching {@link Patterns#DURATION} in milliseconds. */
  static long millis(String duration) {
    var part = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h|d)").matcher(duration);
    long total = 0;
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      total +=
          switch (part.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 86_400_000;
          };
    }
    return total;
  }

  private static void duration(List<String> p, String field, String value) {
    if (value != null && !value.matches(Patterns.DURATION)) {
      p.add(
          field
              + ": '"
              + value
              + "' is not a positive duration; write e.g. 250ms, 30s, 10m or 1h30m");
    }
  }

  /** TLS files on a plain connection would be ignored in silence: say so instead. */
  private static void tlsNeedsTls(List<String> p, RedisSpec r) {
    if (r == null || r.getUrl() == null || r.getTls() == null) return;
    TlsSpec tls = r.getTls();
    if (r.getUrl().startsWith("rediss://")
        || r.getUrl().startsWith("rediss-sentinel://")
        || Boolean.TRUE.equals(tls.getEnabled())) {
      return;
    }
    String field =
        tls.getCaSecretName() != null
            ? "caSecretName"
            : tls.getClientCertSecretName() != null ? "clientCertSecretName" : null;
    if (field == null) return;
    p.add(
        "spec.redis.tls."
            + field
            + ": needs TLS, but spec.redis.url is redis:// and spec.redis.tls.enabled is not"
            + " true; use a rediss:// url or set tls.enabled: true");
  }
}
