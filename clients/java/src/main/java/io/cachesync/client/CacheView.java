package io.cachesync.client;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.PutRequest;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One cache of the sidecar, typed: keys through a {@link KeyMapper}, values through a {@link
 * ValueCodec}. Reads look in L0 first when the client has one. Thread-safe; get one per cache from
 * {@link CacheSyncClient#cache} and keep it.
 */
public final class CacheView<K, V> {
  private static final System.Logger LOG = System.getLogger(CacheView.class.getName());

  private final String name;
  private final KeyMapper<K> keys;
  private final ValueCodec<V> codec;
  private final SidecarCalls calls;
  private final L0Cache l0; // null: no L0
  private final CacheSyncClient client;
  private final SingleFlight<Lookup<V>> flights = new SingleFlight<>();

  /**
   * A lookup's value and whether a later caller may take it (see {@link #get(Object, Callable)}).
   */
  private record Lookup<V>(V value, boolean trusted) {}

  CacheView(
      String name,
      KeyMapper<K> keys,
      ValueCodec<V> codec,
      SidecarCalls calls,
      L0Cache l0,
      CacheSyncClient client) {
    this.name = name;
    this.keys = keys;
    this.codec = codec;
    this.calls = calls;
    this.l0 = l0;
    this.client = client;
  }

  public String name() {
    return name;
  }

  /**
   * Look-aside: L0, else Get; on a miss, {@code loader}, then a Fill with the miss's token. One
   * lookup per key at a time in this process: concurrent callers wait for the first one's result.
   *
   * <p>A fill the sidecar refuses ({@code applied:false}: an invalidation of the key reached it
   * since the miss) means the loaded value may predate a write that has already returned. It is
   * still this caller's answer (its read overlapped the write), but it does not go into L0, and a
   * caller that joined this lookup looks again itself rather than take it.
   *
   * @param loader reads the store of record; null means "no such value": nothing is filled, null is
   *     returned
   * @throws LoaderException when the loader throws a checked exception (unchecked ones propagate as
   *     they are); nothing is cached, the next call loads again
   * @throws CacheSyncException when the sidecar fails the Get (after the read retries)
   */
  public V get(K key, Callable<? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    String k = key(key);
    V hit = fromL0(k);
    if (hit != null) return hit;
    SingleFlight.Outcome<Lookup<V>> first = flights.run(k, () -> lookAside(k, loader));
    if (first.led() || first.value().trusted()) return first.value().value();
    // the flight we joined may have read before a write we started after: look again, once
    return flights.run(k, () -> lookAside(k, loader)).value().value();
  }

  /** L0, else Get (retried on UNAVAILABLE); a hit goes into L0. Nothing is loaded on a miss. */
  public Optional<V> get(K key) {
    String k = key(key);
    V hit = fromL0(k);
    if (hit != null) return Optional.of(hit);
    L0Cache.Stamp stamp = stamp(k);
    GetResponse r = calls.get("Get " + name + "/" + k, request(k));
    if (!r.getFound()) return Optional.empty();
    return Optional.of(accept(stamp, k, r.getValue()));
  }

  /** L0, else one GetMany for the rest; hits only, in the order of {@code keys}. */
  public Map<K, V> getAll(Collection<? extends K> wanted) {
    Map<K, V> found = new LinkedHashMap<>();
    Map<String, K> asked = new LinkedHashMap<>();
    Map<String, L0Cache.Stamp> stamps = new LinkedHashMap<>();
    for (K key : wanted) {
      String k = key(key);
      V hit = fromL0(k);
      if (hit != null) {
        found.put(key, hit);
      } else {
        asked.put(k, key);
        stamps.put(k, stamp(k));
      }
    }
    if (asked.isEmpty()) return found;
    GetManyResponse r =
        calls.getMany(
            "GetMany " + name,
            GetManyRequest.newBuilder().setCache(name).addAllKeys(asked.keySet()).build());
    for (var e : asked.entrySet()) {
      ByteString bytes = r.getValuesMap().get(e.getKey());
      if (bytes != null) found.put(e.getValue(), accept(stamps.get(e.getKey()), e.getKey(), bytes));
    }
    return found;
  }

  /** A write (no fill token): installed on this sidecar, every peer drops its copy. Not retried. */
  public void put(K key, V value) {
    put(key, value, null);
  }

  /** A write with its own TTL (null: the cache's). */
  public void put(K key, V value, Duration ttl) {
    Objects.requireNonNull(value, "value: to remove a key use evict or invalidate");
    String k = key(key);
    PutRequest.Builder p =
        PutRequest.newBuilder()
            .setCache(name)
            .setKey(k)
            .setValue(ByteString.copyFrom(encode(value)));
    if (ttl != null) {
      p.setTtl(
          com.google.protobuf.Duration.newBuilder()
              .setSeconds(ttl.getSeconds())
              .setNanos(ttl.getNano()));
    }
    // Dropped before (no one reads the old value here from now on) and after (a Get that ran
    // during the write may have read the old value; the second drop moves the epoch it holds).
    // Our own value is not put into L0: a peer's newer write could overtake it unseen here.
    dropL0(k);
    try {
      calls.write("Put " + name + "/" + k, s -> s.put(p.build()));
    } finally {
      dropL0(k);
    }
  }

  /** Delete: dropped everywhere, and in the store of record as the cache's strategy says. */
  public void evict(K key) {
    String k = key(key);
    dropL0(k);
    try {
      calls.write(
          "Delete " + name + "/" + k,
          s -> s.delete(DeleteRequest.newBuilder().setCache(name).addKeys(k).build()));
    } finally {
      dropL0(k);
    }
  }

  /** Invalidate: every sidecar drops its copy; the store of record is untouched. */
  public void invalidate(K key) {
    String k = key(key);
    dropL0(k);
    try {
      calls.write(
          "Invalidate " + name + "/" + k,
          s -> s.invalidate(InvalidateRequest.newBuilder().setCache(name).addKeys(k).build()));
    } finally {
      dropL0(k);
    }
  }

  /** InvalidateAll: every sidecar drops every key of this cache. */
  public void clear() {
    if (l0 != null) l0.dropCache(name);
    try {
      calls.write(
          "InvalidateAll " + name,
          s -> s.invalidateAll(InvalidateAllRequest.newBuilder().setCache(name).build()));
    } finally {
      if (l0 != null) l0.dropCache(name);
    }
  }

  /**
   * Changes of this cache, from the client's Watch stream (opened on first use, reopened after
   * breaks).
   */
  public Subscription watch(WatchListener listener) {
    return client.watch(name, listener);
  }

  /** What L0 holds for {@code key} now, without asking the sidecar: for tests and diagnostics. */
  public Optional<V> peekL0(K key) {
    return Optional.ofNullable(fromL0(key(key)));
  }

  private Lookup<V> lookAside(String k, Callable<? extends V> loader) {
    L0Cache.Stamp stamp = stamp(k);
    GetResponse r = calls.get("Get " + name + "/" + k, request(k));
    if (r.getFound()) return new Lookup<>(accept(stamp, k, r.getValue()), true);
    V loaded = load(k, loader);
    if (loaded == null) return new Lookup<>(null, true);
    byte[] bytes = encode(loaded);
    // no token (a strategy that fills itself): a Put without one would be a write, not a fill
    if (r.getFillToken() == 0) return new Lookup<>(loaded, false);
    boolean applied;
    try {
      applied =
          calls
              .write(
                  "Fill " + name + "/" + k,
                  s ->
                      s.put(
                          PutRequest.newBuilder()
                              .setCache(name)
                              .setKey(k)
                              .setValue(ByteString.copyFrom(bytes))
                              .setFillToken(r.getFillToken())
                              .build()))
              .getApplied();
    } catch (CacheSyncException e) {
      // the value was read from the store of record; a failed fill only costs the next reader a
      // load
      LOG.log(Level.WARNING, "{0}; the loaded value is returned, not cached", e.getMessage());
      return new Lookup<>(loaded, false);
    }
    if (applied && l0 != null) l0.offer(stamp, name, k, loaded, bytes.length);
    return new Lookup<>(loaded, applied);
  }

  private V load(String k, Callable<? extends V> loader) {
    try {
      return loader.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new LoaderException("the loader of " + name + "/" + k + " failed: " + e, e);
    }
  }

  private V accept(L0Cache.Stamp stamp, String k, ByteString bytes) {
    V value = codec.decode(bytes.toByteArray());
    if (l0 != null) l0.offer(stamp, name, k, value, bytes.size());
    return value;
  }

  @SuppressWarnings("unchecked")
  private V fromL0(String k) {
    return l0 == null ? null : (V) l0.hit(name, k);
  }

  private L0Cache.Stamp stamp(String k) {
    return l0 == null ? null : l0.stamp(name, k);
  }

  private void dropL0(String k) {
    if (l0 != null) l0.dropKey(name, k);
  }

  private GetRequest request(String k) {
    return GetRequest.newBuilder().setCache(name).setKey(k).build();
  }

  private String key(K key) {
    Objects.requireNonNull(key, "key");
    String k = keys.toKey(key);
    if (k == null || k.isEmpty()) {
      throw new IllegalArgumentException(
          "the key mapper of cache " + name + " turned " + key + " into an empty key");
    }
    return k;
  }

  private byte[] encode(V value) {
    byte[] bytes = codec.encode(value);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "the codec of cache " + name + " encoded " + value + " as null");
    }
    return bytes;
  }
}
