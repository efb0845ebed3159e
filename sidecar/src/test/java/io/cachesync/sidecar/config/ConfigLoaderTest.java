package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @Test
  @DisplayName("the example of DESIGN.md parses into typed values")
  void designExample() {
    SidecarConfig c =
        ConfigLoader.parse(
            """
            redis:
              url: redis://127.0.0.1:6379
            grpc:
              port: 7070
              unixSocket: /var/run/cachesync/cache.sock
              unixSocketMode: 0640
            loader:
              target: 127.0.0.1:7071
            sync:
              channel: cachesync.default.books
            caches:
              - name: books
                strategy: LookAside
                maximumSize: 10000
                ttl: 10m
            """);
    assertThat(c.redis().url()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(c.grpc().port()).isEqualTo(7070);
    assertThat(c.grpc().unixSocket()).isEqualTo("/var/run/cachesync/cache.sock");
    assertThat(c.grpc().unixSocketMode())
        .as("an unquoted mode is read as written, not as a YAML 1.1 octal number")
        .isEqualTo("0640");
    assertThat(c.loader().target()).isEqualTo("127.0.0.1:7071");
    assertThat(c.sync().channel()).isEqualTo("cachesync.default.books");
    assertThat(c.caches())
        .containsExactly(
            new CacheConfig("books", Strategy.LookAside, 10_000L, null, Duration.ofMinutes(10))
                .settled("cachesync.default.books", RedisMode.Standalone));
  }

  @Test
  @DisplayName("an empty file and no file give the same working defaults")
  void defaults() {
    assertThat(ConfigLoader.parse("")).isEqualTo(SidecarConfig.defaults());
    SidecarConfig d = SidecarConfig.defaults();
    assertThat(d.grpc().host()).isEqualTo("127.0.0.1");
    assertThat(d.grpc().port()).isEqualTo(7070);
    assertThat(d.redis().url()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(d.caches()).extracting(CacheConfig::name).containsExactly("default");
    assertThat(d.limits().maxValueBytes()).isEqualTo(1 << 20);
  }

  @Test
  @DisplayName("sizes, durations and limits accept the Kubernetes spellings")
  void units() {
    SidecarConfig c =
        ConfigLoader.parse(
            """
            limits: {maxValueBytes: 512Ki, maxKeyBytes: 256, fillTokenWindow: 1m30s}
            sync: {heartbeatInterval: 250ms, outageBufferKeys: 500}
            caches:
              - {name: a, maximumWeight: 64Mi, maximumSize: 100, ttl: 1h}
            """);
    assertThat(c.limits().maxValueBytes()).isEqualTo(512 * 1024);
    assertThat(c.limits().fillTokenWindow()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.sync().heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.caches().get(0).maximumWeight()).isEqualTo(64L << 20);
    assertThat(c.caches().get(0).maximumSize()).isEqualTo(100);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a typo in a field | cachez: [] | cachez: unknown field",
        "a typo in a nested field | 'grpc: {prot: 1}' | grpc.prot: unknown field; grpc accepts host, port",
        "a bad duration | 'caches: [{name: a, ttl: 10 minutes}]' | caches[0].ttl: '10 minutes' is not a duration",
        "a cache without a name | 'caches: [{ttl: 1m}]' | caches[0].name: every cache needs a name",
        "an upper-case name | 'caches: [{name: Books}]' | caches[0].name: 'Books' must be lower-case",
        "duplicate names | 'caches: [{name: a}, {name: a}]' | caches[1].name: 'a' is used by another cache",
        "an unknown strategy | 'caches: [{name: a, strategy: Sometimes}]' | caches[0].strategy: 'Sometimes' is not one of LookAside",
        "a write strategy without a loader | 'caches: [{name: a, strategy: WriteBehind}]' | caches[0].strategy: WriteBehind reads or writes the store of record through the application's CacheLoader; set loader.target",
        "read-through without a loader | 'caches: [{name: a, strategy: ReadThrough}]' | caches[0].strategy: ReadThrough reads or writes",
        "write-behind without l2 | 'loader: {target: \"127.0.0.1:1\"}\ncaches: [{name: a, strategy: WriteBehind, l2: {enabled: false}}]' | caches[0].l2.enabled: WriteBehind keeps every Put in L2",
        "an unknown keyspace event | 'keyspaceNotifications: {events: [exploded]}' | keyspaceNotifications.events: 'exploded' is not one of",
        "a zero ttl | 'caches: [{name: a, ttl: 0s}]' | caches[0].ttl: must be positive",
        "a negative size | 'caches: [{name: a, maximumSize: -1}]' | caches[0].maximumSize: must be positive",
        "a bad byte size | 'caches: [{name: a, maximumWeight: 64MB}]' | caches[0].maximumWeight: '64MB' is not a byte size",
        "a password in the url | 'redis: {url: \"redis://:secret@host:6379\"}' | redis.url: do not put a password in the url",
        "a url of another scheme | 'redis: {url: http://x}' | redis.url: 'http://x' must start with redis://",
        "a port out of range | 'grpc: {port: 70000}' | grpc.port: 70000 is not a port",
        "a list where a mapping goes | 'redis: [a]' | redis: must be a mapping",
        "not a number | 'grpc: {port: seven}' | grpc.port: 'seven' is not a whole number",
        "broken YAML | 'caches: [' | not valid YAML",
        "broken YAML, with its place | 'grpc:\n  port: 1\n port: 2' | not valid YAML at line 3",
        "a key given twice | 'grpc: {port: 1, port: 2}' | not valid YAML",
        "a custom tag | 'grpc: !!javax.script.ScriptEngineManager [x]' | not valid YAML",
        "a list where a value goes | 'grpc: {port: [1]}' | grpc.port: must be a single value",
        "a yes where true or false goes | 'caches: [{name: a, l2: {enabled: yes}}]' | caches[0].l2.enabled: 'yes' is not true or false",
        "an octal-looking port read as written | 'grpc: {port: 070000}' | grpc.port: 70000 is not a port",
        "username and usernameFile | 'redis: {username: a, usernameFile: /u}' | redis.usernameFile: redis.username is set too",
        "a typo in reload | 'reload: {intervall: 1s}' | reload.intervall: unknown field; reload accepts interval",
        "a reload interval too short | 'reload: {interval: 5ms}' | reload.interval: must be at least 10ms",
        "a reload interval that is no duration | 'reload: {interval: often}' | reload.interval: 'often' is not a duration",
        "an unknown delivery | 'sync: {delivery: Carrier}' | sync.delivery: 'Carrier' is not one of PubSub | Stream",
        "a stream too short | 'sync: {delivery: Stream, streamMaxLength: 10}' | sync.streamMaxLength: must be at least 100",
        "a client certificate without its key | 'redis: {tls: {certFile: /c.crt}}' | redis.tls.keyFile: redis.tls.certFile is set but its key is not",
        "a client key without its certificate | 'redis: {tls: {keyFile: /c.key}}' | redis.tls.certFile: redis.tls.keyFile is set but its certificate is not",
        "a CA for a plain connection | 'redis: {url: redis://h:1, tls: {caFile: /ca.crt}}' | redis.tls.caFile: set, but TLS is off",
        "a typo in redis.tls | 'redis: {tls: {caFiles: /ca}}' | redis.tls.caFiles: unknown field; redis.tls accepts enabled, caFile",
        "a yes where verifyHostname takes true or false | 'redis: {tls: {verifyHostname: no}}' | redis.tls.verifyHostname: 'no' is not true or false",
        "a socket mode with execute bits | 'grpc: {unixSocketMode: \"0777\"}' | grpc.unixSocketMode: '0777' must be an octal file mode with read and write bits only",
        "a socket mode with a set-uid bit | 'grpc: {unixSocketMode: 4660}' | grpc.unixSocketMode: '4660' must be an octal file mode",
        "a frame bound too small | 'sync: {maxFrameBytes: 1Ki}' | sync.maxFrameBytes: must be at least 64Ki",
        "a frame bound too large | 'sync: {maxFrameBytes: 4Gi}' | sync.maxFrameBytes: must be at most 1Gi",
        "a negative frame bound | 'sync: {maxFrameBytes: -1}' | sync.maxFrameBytes: '-1' is not a byte size",
        "a typo in sync | 'sync: {keyfile: /k}' | sync.keyfile: unknown field",
      })
  void errorsNameTheField(String what, String yaml, String message) {
    assertThatThrownBy(() -> ConfigLoader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName(
      "redis.tls: off unless enabled or rediss://, hostnames checked unless verifyHostname is false")
  void tls() {
    RedisConfig plain = ConfigLoader.parse("redis: {url: redis://h:1}").redis();
    assertThat(plain.tlsEnabled()).isFalse();
    assertThat(plain.tls()).isEqualTo(TlsConfig.defaults());
    assertThat(ConfigLoader.parse("redis: {url: rediss://h:1}").redis().tlsEnabled()).isTrue();
    RedisConfig r =
        ConfigLoader.parse(
                "redis: {url: redis://h:1, tls: {enabled: true, caFile: /ca.crt, certFile: /c.crt,"
                    + " keyFile: /c.key, verifyHostname: false}}")
            .redis();
    assertThat(r.tlsEnabled()).isTrue();
    assertThat(r.tls()).isEqualTo(new TlsConfig(true, "/ca.crt", "/c.crt", "/c.key", false));
  }

  @Test
  @DisplayName(
      "sync.delivery is PubSub unless Stream is asked for; the stream sits beside the channel, capped at 100,000 frames by default")
  void delivery() {
    assertThat(ConfigLoader.parse("sync: {channel: c}").sync().delivery())
        .isEqualTo(Delivery.PubSub);
    SyncConfig stream = ConfigLoader.parse("sync: {channel: c, delivery: Stream}").sync();
    assertThat(stream.delivery()).isEqualTo(Delivery.Stream);
    assertThat(stream.streamKey()).isEqualTo("c:stream");
    assertThat(stream.streamMaxLength()).isEqualTo(100_000);
    assertThat(
            ConfigLoader.parse("sync: {delivery: Stream, streamMaxLength: 5000}")
                .sync()
                .streamMaxLength())
        .isEqualTo(5_000);
  }

  @Test
  @DisplayName(
      "sync.keyFile and sync.verifyKeyFile are paths, read at start; frames are bounded at 4 MiB by default")
  void syncKeysAndFrameBound() {
    SyncConfig none = ConfigLoader.parse("sync: {channel: c}").sync();
    assertThat(none.keyFile()).isNull();
    assertThat(none.maxFrameBytes()).isEqualTo(4 << 20);
    SyncConfig keyed =
        ConfigLoader.parse(
                "sync: {keyFile: /etc/cachesync/sync-key/key, verifyKeyFile: /old, maxFrameBytes: 1Mi}")
            .sync();
    assertThat(keyed.keyFile()).isEqualTo("/etc/cachesync/sync-key/key");
    assertThat(keyed.verifyKeyFile()).isEqualTo("/old");
    assertThat(keyed.maxFrameBytes()).isEqualTo(1 << 20);
  }

  @Test
  @DisplayName("redis.usernameFile and reload.interval are read; reload is on every 2s by default")
  void usernameFileAndReload() {
    SidecarConfig c =
        ConfigLoader.parse(
            """
            redis:
              usernameFile: /etc/cachesync/redis/username
              passwordFile: /etc/cachesync/redis/password
            reload:
              interval: 500ms
            """);
    assertThat(c.redis().usernameFile()).isEqualTo("/etc/cachesync/redis/username");
    assertThat(c.redis().username()).isNull();
    assertThat(c.reload().interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigLoader.parse("reload: {interval: 0s}").reload().enabled()).isFalse();
    assertThat(SidecarConfig.defaults().reload().interval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("scalars are read as written: no YAML 1.1 dates or octals")
  void scalarsAsWritten() {
    SidecarConfig c =
        ConfigLoader.parse(
            """
            sync: {channel: 2024-01-01}
            caches:
              - {name: 010, l2: {enabled: FALSE}}
            """);
    assertThat(c.sync().channel()).isEqualTo("2024-01-01");
    assertThat(c.caches().get(0).name()).isEqualTo("010");
    assertThat(c.caches().get(0).l2().enabled()).isFalse();
  }

  @Test
  @DisplayName("a missing file is named in the error")
  void missingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
        .hasMessageContaining("nope.yaml does not exist");
  }

  @Test
  @DisplayName("errors from a file name the file and the field")
  void fileErrors(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("c.yaml"), "caches: [{name: a, ttl: soon}]");
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .hasMessageContaining("c.yaml: caches[0].ttl: 'soon' is not a duration");
  }

  @Test
  @DisplayName("durations format back to what they parse from")
  void durationRoundTrip() {
    for (String s : new String[] {"250ms", "30s", "10m", "2h"}) {
      assertThat(Durations.format(Durations.parse("x", s))).isEqualTo(s);
    }
  }
}
