package io.cachesync.sidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the sidecar's YAML (DESIGN.md, "Sidecar configuration"); the operator renders the same
 * schema. Every error names the field, e.g. {@code caches[1].ttl: '10 minutes' is not a duration;
 * ...}.
 *
 * <p>SnakeYAML's safe loader builds plain maps, lists and scalars (no object binding, no custom
 * tags, a duplicate key is an error); a data-binding library would cost the sidecar some 400
 * classes at start for one small file.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    DumperOptions unused = new DumperOptions();
    return new Yaml(
        new SafeConstructor(options), new Representer(unused), unused, options, new TextScalars());
  }

  /**
   * Scalars stay the text they were written as, and only {@code ~}, {@code null} and nothing are
   * null: YAML 1.1's implicit types would read {@code 010} as 8, {@code 1:30} as 90 and a date as a
   * {@code Date}. Numbers, booleans and durations are then parsed by the field that wants them.
   */
  private static final class TextScalars extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }

  public static SidecarConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    return parse(file, text);
  }

  /** The text of {@code file}, already read (a reload parses exactly the bytes it compared). */
  public static SidecarConfig parse(Path file, String text) {
    try {
      return parse(text);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** Why {@code file} could not be read, as the error a config problem gives. */
  public static ConfigException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new ConfigException("config file " + file + " does not exist");
    }
    return new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
  }

  public static SidecarConfig parse(String yaml) {
    return parse(yaml, 0);
  }

  /**
   * @param heapBytes the heap that {@code limits.l1HeapShare} divides; 0 for this JVM's max heap
   */
  public static SidecarConfig parse(String yaml, long heapBytes) {
    Object root;
    try {
      root = yaml().load(yaml);
    } catch (MarkedYAMLException e) {
      String where =
          e.getProblemMark() == null
              ? ""
              : " at line "
                  + (e.getProblemMark().getLine() + 1)
                  + ", column "
                  + (e.getProblemMark().getColumn() + 1);
      throw new ConfigException("not valid YAML" + where + ": " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new ConfigException("not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) root = Map.of();
    ConfigNode top =
        new ConfigNode(root, "")
            .allow(
                "redis",
                "grpc",
                "loader",
                "sync",
                "metrics",
                "limits",
                "keyspaceNotifications",
                "caches",
                "reload");
    try {
      return new SidecarConfig(
          redis(top.child("redis")),
          grpc(top.child("grpc")),
          loader(top.child("loader")),
          sync(top.child("sync")),
          metrics(top.child("metrics")),
          limits(top.child("limits"), heapBytes),
          keyspace(top.child("keyspaceNotifications")),
          top.list("caches", ConfigLoader::cache),
          reload(top.child("reload")));
    } catch (ArithmeticException e) {
      throw new ConfigException("a size in the file overflows: " + e.getMessage(), e);
    }
  }

  private static RedisConfig redis(ConfigNode n) {
    if (!n.present()) return null;
    n.allow(
        "url",
        "mode",
        "username",
        "usernameFile",
        "passwordFile",
        "connectTimeout",
        "commandTimeout",
        "tls");
    return new RedisConfig(
        n.text("url"),
        n.text("username"),
        n.text("usernameFile"),
        n.text("passwordFile"),
        n.duration("connectTimeout"),
        n.duration("commandTimeout"),
        tls(n.child("tls")),
        n.enumValue("mode", RedisMode.class));
  }

  private static TlsConfig tls(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("enabled", "caFile", "certFile", "keyFile", "verifyHostname");
    Boolean enabled = n.bool("enabled");
    Boolean verifyHostname = n.bool("verifyHostname");
    return new TlsConfig(
        enabled != null && enabled,
        n.text("caFile"),
        n.text("certFile"),
        n.text("keyFile"),
        verifyHostname == null || verifyHostname);
  }

  private static GrpcConfig grpc(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("host", "port", "unixSocket", "drainTimeout", "unixSocketMode");
    Long port = n.longValue("port");
    return new GrpcConfig(
        n.text("host"),
        port == null ? 7070 : port.intValue(),
        n.text("unixSocket"),
        n.duration("drainTimeout"),
        n.text("unixSocketMode"));
  }

  private static LoaderConfig loader(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("target", "timeout", "maxConcurrency", "retries", "maxQueued");
    Long retries = n.longValue("retries");
    Long maxQueued = n.longValue("maxQueued");
    positive(n, "maxQueued", maxQueued);
    return new LoaderConfig(
        n.text("target"),
        n.duration("timeout"),
        n.integer("maxConcurrency"),
        retries == null ? 2 : retries.intValue(),
        n.integer("maxQueued"));
  }

  private static SyncConfig sync(ConfigNode n) {
    if (!n.present()) return null;
    n.allow(
        "channel",
        "heartbeatInterval",
        "outageBufferKeys",
        "maxBatchKeys",
        "delivery",
        "streamMaxLength",
        "keyFile",
        "verifyKeyFile",
        "maxFrameBytes");
    Long streamMaxLength = n.longValue("streamMaxLength");
    Long maxFrameBytes = n.bytes("maxFrameBytes");
    positive(n, "maxFrameBytes", maxFrameBytes);
    if (maxFrameBytes != null && maxFrameBytes > 1L << 30) {
      throw new ConfigException("sync.maxFrameBytes: must be at most 1Gi, got " + maxFrameBytes);
    }
    return new SyncConfig(
        n.text("channel"),
        n.duration("heartbeatInterval"),
        n.integer("outageBufferKeys"),
        n.integer("maxBatchKeys"),
        n.enumValue("delivery", Delivery.class),
        streamMaxLength == null ? 0 : streamMaxLength,
        n.text("keyFile"),
        n.text("verifyKeyFile"),
        maxFrameBytes == null ? 0 : maxFrameBytes.intValue());
  }

  private static MetricsConfig metrics(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("host", "port");
    Long port = n.longValue("port");
    return new MetricsConfig(n.text("host"), port == null ? 9464 : port.intValue());
  }

  private static LimitsConfig limits(ConfigNode n, long heapBytes) {
    if (!n.present()) return LimitsConfig.defaults().withHeapBytes(heapBytes);
    n.allow(
        "maxKeyBytes",
        "maxValueBytes",
        "fillTokenWindow",
        "l1HeapShare",
        "maxWatchStreams",
        "maxWatchBacklogBytes",
        "maxResponseBytes");
    Long value = n.bytes("maxValueBytes");
    Long key = n.bytes("maxKeyBytes");
    Long backlog = n.bytes("maxWatchBacklogBytes");
    Long response = n.bytes("maxResponseBytes");
    Long streams = n.longValue("maxWatchStreams");
    // 0 reads as "the default" in the record: for the budgets, refuse it instead
    positive(n, "maxWatchStreams", streams);
    positive(n, "maxWatchBacklogBytes", backlog);
    positive(n, "maxResponseBytes", response);
    return new LimitsConfig(
        key == null ? 0 : Math.toIntExact(key),
        value == null ? 0 : value,
        n.duration("fillTokenWindow"),
        n.decimal("l1HeapShare"),
        streams == null ? 0 : Math.toIntExact(streams),
        backlog == null ? 0 : backlog,
        response == null ? 0 : response,
        heapBytes);
  }

  private static void positive(ConfigNode n, String field, Long value) {
    if (value != null && value <= 0) {
      throw new ConfigException(n.path() + "." + field + ": must be positive, got " + value);
    }
  }

  private static KeyspaceNotificationsConfig keyspace(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("events", "manage");
    return new KeyspaceNotificationsConfig(n.list("events", e -> e.scalar()));
  }

  private static ReloadConfig reload(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("interval");
    return new ReloadConfig(n.duration("interval"));
  }

  private static L2Config l2(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("enabled", "prefix", "ttl");
    Boolean enabled = n.bool("enabled");
    // no prefix: the SidecarConfig settles the default from the sync channel
    return new L2Config(enabled == null || enabled, n.text("prefix"), n.duration("ttl"));
  }

  private static WriteBehindConfig writeBehind(ConfigNode n) {
    if (!n.present()) return null;
    n.allow("flushInterval", "maxBatch", "claimIdle", "maxBackoff");
    return new WriteBehindConfig(
        n.duration("flushInterval"),
        n.integer("maxBatch"),
        n.duration("claimIdle"),
        n.duration("maxBackoff"));
  }

  private static CacheConfig cache(ConfigNode n) {
    n.allow("name", "strategy", "maximumSize", "maximumWeight", "ttl", "l2", "writeBehind");
    try {
      return new CacheConfig(
          n.text("name"),
          n.enumValue("strategy", Strategy.class),
          n.longValue("maximumSize"),
          n.bytes("maximumWeight"),
          n.duration("ttl"),
          l2(n.child("l2")),
          writeBehind(n.child("writeBehind")));
    } catch (ConfigException e) {
      // the record names the field as caches[<name>].x; say where it stands in the file instead
      throw new ConfigException(e.getMessage().replaceFirst("^caches\\[[^\\]]*\\]", n.path()), e);
    }
  }
}
