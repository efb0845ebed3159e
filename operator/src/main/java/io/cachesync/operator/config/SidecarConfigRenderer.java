package io.cachesync.operator.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cachesync.operator.model.CacheSpec;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncSpec;
import io.cachesync.operator.model.Delivery;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.L2Spec;
import io.cachesync.operator.model.LoaderSpec;
import io.cachesync.operator.model.Patterns;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.model.RedisSpec;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.model.TlsSpec;
import io.cachesync.operator.model.WriteBehindSpec;
import java.io.UncheckedIOException;

/**
 * Renders a CacheSync's spec into the sidecar's config file, in exactly the schema the sidecar's
 * ConfigLoader reads (a test parses the output with it). Only fields the sidecar knows are written;
 * unset fields are left out so the sidecar's own defaults apply, except the channel and the L2
 * prefixes, which are written as the sidecar would settle them, so a ConfigMap shows what its pods
 * use in Redis.
 */
public final class SidecarConfigRenderer {
  /** Where the injected sidecar finds the Redis password (the webhook mounts the Secret there). */
  public static final String PASSWORD_FILE = "/etc/cachesync/redis/password";

  /** Where it finds the ACL username, when the CacheSync names a username key. */
  public static final String USERNAME_FILE = "/etc/cachesync/redis/username";

  public static final String UNIX_SOCKET = "/var/run/cachesync/cache.sock";

  /** Where it finds the CA of tls.caSecretName (key ca.crt), and the client certificate. */
  public static final String TLS_CA_FILE = "/etc/cachesync/tls/ca/ca.crt";

  public static final String TLS_CERT_FILE = "/etc/cachesync/tls/client/tls.crt";
  public static final String TLS_KEY_FILE = "/etc/cachesync/tls/client/tls.key";

  /**
   * Where the sidecar finds the key that signs its sync frames (the CacheSync's sync-key Secret).
   */
  public static final String SYNC_KEY_FILE = "/etc/cachesync/sync-key/key";

  private static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SidecarConfigRenderer() {}

  /**
   * The sidecar's default {@code limits.l1HeapShare}: the share of the heap that the caches setting
   * no bound split between them (a test holds the two equal).
   */
  public static final double L1_HEAP_SHARE = 0.5;

  /** Below this the sidecar refuses a cache's share of the heap (its {@code L1Bounds}). */
  static final long MIN_CACHE_BYTES = 1L << 20;

  /** The config without heap-derived bounds: the sidecar settles them from the heap it finds. */
  public static String render(CacheSync cs) {
    return render(cs, 0);
  }

  /**
   * @param sidecarHeapBytes the heap the injected sidecar will get (see {@code SidecarHeap}), 0 for
   *     unknown; with it, every cache that sets neither maximumSize nor maximumWeight gets the
   *     maximumWeight the sidecar would give it, written out so the ConfigMap shows it
   */
  public static String render(CacheSync cs, long sidecarHeapBytes) {
    CacheSyncSpec spec = cs.getSpec();
    ObjectNode root = JSON.objectNode();
    root.set("redis", redis(spec.getRedis()));
    SidecarSpec sidecar = spec.getSidecar();
    ObjectNode grpc = root.putObject("grpc");
    grpc.put(
        "port", sidecar == null || sidecar.getGrpcPort() == null ? 7070 : sidecar.getGrpcPort());
    grpc.put("unixSocket", UNIX_SOCKET);
    // the socket's folder is an emptyDir only the pod's containers mount, and the app may run as
    // any user: the folder, not the file mode, bounds who reaches it
    grpc.put("unixSocketMode", "0666");
    root.putObject("metrics")
        .put(
            "port",
            sidecar == null || sidecar.getMetricsPort() == null ? 9464 : sidecar.getMetricsPort());
    RedisKeys keys = RedisKeys.of(cs);
    ObjectNode sync = root.putObject("sync");
    sync.put("channel", keys.channel());
    sync.put("keyFile", SYNC_KEY_FILE);
    if (spec.getSync() != null && spec.getSync().getHeartbeatInterval() != null) {
      sync.put("heartbeatInterval", spec.getSync().getHeartbeatInterval());
    }
    if (spec.getSync() != null && spec.getSync().getDelivery() == Delivery.Stream) {
      sync.put("delivery", Delivery.Stream.name());
      if (spec.getSync().getStreamMaxLength() != null) {
        sync.put("streamMaxLength", spec.getSync().getStreamMaxLength());
      }
    }
    if (spec.getLoader() != null) root.set("loader", loader(spec.getLoader()));
    if (spec.getKeyspaceNotifications() != null
        && spec.getKeyspaceNotifications().getEvents() != null) {
      ArrayNode events = root.putObject("keyspaceNotifications").putArray("events");
      for (KeyspaceEvent e : spec.getKeyspaceNotifications().getEvents()) events.add(e.name());
    }
    ArrayNode caches = root.putArray("caches");
    long heapShare = heapShareEach(spec, sidecarHeapBytes);
    for (CacheSpec c : spec.getCaches()) {
      caches.add(cache(c, keys.l2Prefixes().get(c.getName()), heapShare));
    }
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What each cache without a bound gets: {@link #L1_HEAP_SHARE} of the heap, less the caches' own
   * maximumWeight, split between them, as the sidecar reckons it; 0 when the heap is unknown or too
   * small (the sidecar then reckons itself, and says what is wrong).
   */
  static long heapShareEach(CacheSyncSpec spec, long heapBytes) {
    if (heapBytes <= 0) return 0;
    long given = 0;
    int open = 0;
    for (CacheSpec c : spec.getCaches()) {
      if (c.getMaximumWeight() != null) {
        long w = Patterns.bytes(c.getMaximumWeight());
        if (w < 0) return 0; // not a size: the spec check says so
        given += w;
      } else if (c.getMaximumSize() == null) {
        open++;
      }
    }
    if (open == 0) return 0;
    long each = ((long) (heapBytes * L1_HEAP_SHARE) - given) / open;
    return each < MIN_CACHE_BYTES ? 0 : each;
  }

  /** The url a sidecar (and the operator) connects to: TLS and the database folded in. */
  public static String redisUrl(RedisSpec r) {
    String url = r.getUrl();
    if (r.getTls() != null && Boolean.TRUE.equals(r.getTls().getEnabled())) {
      if (url.startsWith("redis://")) url = "rediss://" + url.substring("redis://".length());
      if (url.startsWith("redis-sentinel://")) url = "rediss" + url.substring("redis".length());
    }
    if (r.getDatabase() == null || r.getDatabase() == 0) return url;
    int master = url.indexOf('#');
    if (url.contains("-sentinel://") && master > 0) {
      // redis-sentinel://h1,h2[/db]#master: the database goes before the master's name
      String nodes = url.substring(0, master);
      boolean hasDb = nodes.substring(nodes.indexOf("://") + 3).contains("/");
      return hasDb ? url : nodes + "/" + r.getDatabase() + url.substring(master);
    }
    if (!url.matches("^rediss?://[^/]+/.*")) url = url + "/" + r.getDatabase();
    return url;
  }

  private static ObjectNode redis(RedisSpec r) {
    ObjectNode n = JSON.objectNode();
    n.put("url", redisUrl(r));
    // Standalone is the sidecar's default: its file stays what it was
    if (r.getMode() != null && r.getMode() != RedisMode.Standalone) {
      n.put("mode", r.getMode().name());
    }
    if (r.getCredentials() != null) {
      n.put("passwordFile", PASSWORD_FILE);
      if (r.getCredentials().getUsernameKey() != null) n.put("usernameFile", USERNAME_FILE);
    }
    ObjectNode tls = tls(r.getTls());
    if (!tls.isEmpty()) n.set("tls", tls);
    return n;
  }

  /** The files the mounted TLS Secrets hold, and the hostname opt-out; empty when neither. */
  private static ObjectNode tls(TlsSpec t) {
    ObjectNode n = JSON.objectNode();
    if (t == null) return n;
    if (t.getCaSecretName() != null) n.put("caFile", TLS_CA_FILE);
    if (t.getClientCertSecretName() != null) {
      n.put("certFile", TLS_CERT_FILE);
      n.put("keyFile", TLS_KEY_FILE);
    }
    if (!t.verifiesHostname()) n.put("verifyHostname", false);
    return n;
  }

  private static ObjectNode loader(LoaderSpec l) {
    ObjectNode n = JSON.objectNode();
    n.put("target", l.getTarget());
    if (l.getTimeout() != null) n.put("timeout", l.getTimeout());
    if (l.getMaxConcurrency() != null) n.put("maxConcurrency", l.getMaxConcurrency());
    if (l.getRetries() != null) n.put("retries", l.getRetries());
    if (l.getMaxQueued() != null) n.put("maxQueued", l.getMaxQueued());
    return n;
  }

  /**
   * @param l2Prefix the cache's L2 prefix, written out whenever its L2 is on so that what a pod
   *     uses is visible in its ConfigMap; null when the cache keeps no L2
   * @param heapShare the maximumWeight of a cache that sets no bound, 0 to leave it to the sidecar
   */
  private static ObjectNode cache(CacheSpec c, String l2Prefix, long heapShare) {
    ObjectNode n = JSON.objectNode();
    n.put("name", c.getName());
    if (c.getStrategy() != null) n.put("strategy", c.getStrategy().name());
    if (c.getMaximumSize() != null) n.put("maximumSize", c.getMaximumSize());
    if (c.getMaximumWeight() != null) {
      n.put("maximumWeight", c.getMaximumWeight());
    } else if (c.getMaximumSize() == null && heapShare > 0) {
      n.put("maximumWeight", heapShare);
    }
    if (c.getTtl() != null) n.put("ttl", c.getTtl());
    L2Spec l2 = c.getL2();
    if (l2 != null || l2Prefix != null) {
      ObjectNode m = n.putObject("l2");
      if (l2 != null && l2.getEnabled() != null) m.put("enabled", l2.getEnabled());
      if (l2Prefix != null) m.put("prefix", l2Prefix);
      if (l2 != null && l2.getTtl() != null) m.put("ttl", l2.getTtl());
    }
    WriteBehindSpec wb = c.getWriteBehind();
    if (wb != null) {
      ObjectNode m = n.putObject("writeBehind");
      if (wb.getFlushInterval() != null) m.put("flushInterval", wb.getFlushInterval());
      if (wb.getMaxBatch() != null) m.put("maxBatch", wb.getMaxBatch());
      if (wb.getClaimIdle() != null) m.put("claimIdle", wb.getClaimIdle());
      if (wb.getMaxBackoff() != null) m.put("maxBackoff", wb.getMaxBackoff());
    }
    return n;
  }
}
