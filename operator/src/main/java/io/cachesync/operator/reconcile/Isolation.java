package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.RedisKeys;
import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.redis.RedisEndpoint;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a CacheSync shares anything in Redis with another one: two CacheSyncs on one Redis
 * database (the server as {@link RedisEndpoint} names it) must not share a channel, and no L2
 * prefix of one may equal, contain or lie inside one of the other's, or cover its write-behind
 * stream. Otherwise their pods read and overwrite each other's values without invalidating each
 * other, and one's InvalidateAll deletes the other's: that is not ready.
 *
 * @param others the other CacheSyncs it shares something with, as {@code namespace/name}
 */
record Isolation(boolean isolated, String reason, String message, Set<String> others) {
  static final String TYPE = Conditions.ISOLATED;

  /** Where a CacheSync's keys live. */
  record Database(RedisEndpoint server, int number) {
    @Override
    public String toString() {
      return server.hostPort() + " database " + number;
    }
  }

  /** Null for a spec that names no usable Redis URL (the spec check reports it). */
  static Database databaseOf(CacheSync cs) {
    try {
      String url = SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis());
      return new Database(
          RedisEndpoint.of(url, cs.getMetadata().getNamespace()),
          RedisURI.create(url).getDatabase());
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String nameOf(CacheSync cs) {
    return cs.getMetadata().getNamespace() + "/" + cs.getMetadata().getName();
  }

  /** {@code cs} against every CacheSync in {@code all} (itself and ones being deleted skipped). */
  static Isolation of(CacheSync cs, Collection<CacheSync> all) {
    Database here = databaseOf(cs);
    RedisKeys mine = RedisKeys.of(cs);
    List<String> parts = new ArrayList<>();
    Set<String> others = new TreeSet<>();
    boolean channel = false;
    for (CacheSync other : all) {
      if (nameOf(other).equals(nameOf(cs)) || other.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (here == null || !here.equals(databaseOf(other))) continue;
      RedisKeys theirs;
      try {
        theirs = RedisKeys.of(other);
      } catch (RuntimeException e) {
        continue; // a spec without caches: its own status says so
      }
      List<String> shared = shared(mine, theirs);
      if (shared.isEmpty()) continue;
      channel |= mine.channel().equals(theirs.channel());
      others.add(nameOf(other));
      parts.add("with CacheSync '" + nameOf(other) + "': " + String.join(", ", shared));
    }
    if (parts.isEmpty()) {
      return new Isolation(
          true,
          Conditions.NOTHING_SHARED,
          "no other CacheSync on "
              + (here == null ? "its Redis" : here)
              + " shares its channel or an L2 prefix",
          Set.of());
    }
    return new Isolation(
        false,
        channel ? Conditions.SHARED_CHANNEL : Conditions.SHARED_L2_PREFIX,
        "shares "
            + here
            + " "
            + String.join("; ", parts)
            + ". Their pods would read, overwrite and delete each other's entries without"
            + " invalidating each other; give each CacheSync its own sync.channel and L2 prefixes"
            + " (the defaults are)",
        others);
  }

  /** What {@code mine} shares with {@code theirs}, in words; empty when nothing. */
  static List<String> shared(RedisKeys mine, RedisKeys theirs) {
    List<String> out = new ArrayList<>();
    if (mine.channel().equals(theirs.channel())) out.add("the channel '" + mine.channel() + "'");
    for (Map.Entry<String, String> m : mine.l2Prefixes().entrySet()) {
      for (Map.Entry<String, String> t : theirs.l2Prefixes().entrySet()) {
        String p = m.getValue();
        String q = t.getValue();
        if (p.equals(q)) {
          out.add(
              "the L2 prefix '" + p + "' (cache " + m.getKey() + ", theirs " + t.getKey() + ")");
        } else if (p.startsWith(q) || q.startsWith(p)) {
          out.add(
              "the L2 prefix '"
                  + p
                  + "' (cache "
                  + m.getKey()
                  + ") nests with their '"
                  + q
                  + "' (cache "
                  + t.getKey()
                  + ")");
        }
      }
      for (String stream : theirs.streams().values()) {
        if (stream.startsWith(m.getValue())) {
          out.add(
              "the L2 prefix '"
                  + m.getValue()
                  + "' (cache "
                  + m.getKey()
                  + ") covers their write-behind stream '"
                  + stream
                  + "'");
        }
      }
    }
    for (Map.Entry<String, String> t : theirs.l2Prefixes().entrySet()) {
      for (String stream : mine.streams().values()) {
        if (stream.startsWith(t.getValue())) {
          out.add(
              "their L2 prefix '"
                  + t.getValue()
                  + "' (cache "
                  + t.getKey()
                  + ") covers the write-behind stream '"
                  + stream
                  + "'");
        }
      }
    }
    return out;
  }

  /**
   * The CacheSyncs whose isolation a change of {@code changed} may alter: those on the same Redis
   * database, and those whose status names it (it may just have moved away, or been deleted).
   */
  static List<CacheSync> affectedBy(CacheSync changed, Collection<CacheSync> all) {
    Database there = databaseOf(changed);
    String name = nameOf(changed);
    return all.stream()
        .filter(cs -> !nameOf(cs).equals(name))
        .filter(cs -> (there != null && there.equals(databaseOf(cs))) || names(cs, name))
        .toList();
  }

  private static boolean names(CacheSync cs, String other) {
    if (cs.getStatus() == null || cs.getStatus().getConditions() == null) return false;
    return cs.getStatus().getConditions().stream()
        .anyMatch(
            c ->
                TYPE.equals(c.getType())
                    && Objects.toString(c.getMessage(), "").contains("'" + other + "'"));
  }
}
