package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSpec;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSyncSpec;
import io.cachesync.operator.model.L2Spec;
import io.cachesync.operator.model.Patterns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the CRD's schema checks, checked again in code (an API server without the schema, an old
 * CRD), plus what the schema cannot express. Each problem names its field.
 */
public final class SpecValidator {
  private SpecValidator() {}

  public static List<String> problems(CacheSyncSpec spec) {
    List<String> p = new ArrayList<>();
    if (spec == null) {
      p.add("spec: missing");
      return p;
    }
    if (spec.getRedis() == null || spec.getRedis().getUrl() == null) {
      p.add("spec.redis.url: required, e.g. redis://redis.default.svc:6379");
    } else if (!spec.getRedis().getUrl().matches("^rediss?://[^\\s@]+$")) {
      p.add(
          "spec.redis.url: '"
              + spec.getRedis().getUrl()
              + "' must be redis://host:port or rediss://host:port, without a password");
    }
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
      if (c.getMaximumWeight() != null && !c.getMaximumWeight().matches(Patterns.QUANTITY)) {
        p.add(
            at
                + ".maximumWeight: '"
                + c.getMaximumWeight()
                + "' is not a byte size; write e.g. 64Mi");
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
    if (spec.getLoader() != null) duration(p, "spec.loader.timeout", spec.getLoader().getTimeout());
    if (spec.getSync() != null)
      duration(p, "spec.sync.heartbeatInterval", spec.getSync().getHeartbeatInterval());
    return p;
  }

  private static void duration(List<String> p, String field, String value) {
    if (value != null && !value.matches(Patterns.DURATION)) {
      p.add(field + ": '" + value + "' is not a duration; write e.g. 250ms, 30s, 10m or 1h30m");
    }
  }
}
