package io.cachesync.sidecar.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.SidecarConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigChangesTest {
  static final String BASE =
      """
      redis: {url: "redis://127.0.0.1:6379"}
      loader: {target: "127.0.0.1:7071"}
      sync: {channel: c}
      """;

  static SidecarConfig parse(String caches) {
    return ConfigLoader.parse(BASE + caches);
  }

  static ConfigChanges between(String before, String after) {
    return ConfigChanges.between(parse(before), parse(after));
  }

  @Test
  @DisplayName("the same config, caches in another order, changes nothing")
  void nothing() {
    ConfigChanges c =
        between(
            "caches: [{name: a}, {name: b, ttl: 1m}]", "caches: [{name: b, ttl: 60s}, {name: a}]");
    assertThat(c.none()).isTrue();
    assertThat(c.live()).isFalse();
  }

  @Test
  @DisplayName(
      "a new channel waits for a restart, and so do the L2 prefixes that are its default; a prefix of its own still applies live")
  void channelMovesDefaultPrefixesOnRestart() {
    SidecarConfig running =
        parse("caches: [{name: a, l2: {}}, {name: b, l2: {prefix: 'b:'}}, {name: c}]");
    SidecarConfig next =
        ConfigLoader.parse(
            BASE.replace("channel: c", "channel: d")
                + "caches: [{name: a, l2: {}}, {name: b, l2: {prefix: 'b2:'}}, {name: c}]");
    ConfigChanges c = ConfigChanges.between(running, next);
    assertThat(c.restartFields()).containsExactly("sync.channel");
    assertThat(c.changed()).extracting(CacheChange::name).containsExactly("b");
    assertThat(c.changed().get(0).after().l2().prefix()).isEqualTo("b2:");
  }

  @Test
  @DisplayName(
      "a new limits.l1HeapShare resizes the caches that set no bound, live, and waits for no restart")
  void heapShareLive() {
    SidecarConfig running = ConfigLoader.parse(BASE + "caches: [{name: a}]", 100L << 20);
    SidecarConfig next =
        ConfigLoader.parse(BASE + "limits: {l1HeapShare: 0.25}\ncaches: [{name: a}]", 100L << 20);
    ConfigChanges c = ConfigChanges.between(running, next);
    assertThat(c.restartRequired()).isEmpty();
    assertThat(c.changed()).hasSize(1);
    assertThat(c.changed().get(0).rebuild()).isFalse();
    assertThat(c.changed().get(0).fields())
        .extracting(FieldChange::toString)
        .containsExactly("caches[a].maximumWeight 52428800 -> 26214400");
  }

  @Test
  @DisplayName("caches added and removed are found by name")
  void addedAndRemoved() {
    ConfigChanges c = between("caches: [{name: a}, {name: b}]", "caches: [{name: b}, {name: c}]");
    assertThat(c.added()).extracting(CacheConfig::name).containsExactly("c");
    assertThat(c.removed()).extracting(CacheConfig::name).containsExactly("a");
    assertThat(c.changed()).isEmpty();
    assertThat(c.describeLive()).isEqualTo("added [c]; removed [a]");
  }

  @Test
  @DisplayName("bounds and ttl change in place, each field named with its old and new value")
  void inPlace() {
    ConfigChanges c =
        between(
            "caches: [{name: a, maximumSize: 100, ttl: 10m}]",
            "caches: [{name: a, maximumSize: 10, maximumWeight: 1Mi, ttl: 1m}]");
    CacheChange a = c.changed().get(0);
    assertThat(a.rebuild()).isFalse();
    assertThat(a.fields())
        .extracting(FieldChange::toString)
        .containsExactly(
            "caches[a].maximumSize 100 -> 10",
            "caches[a].maximumWeight (unset) -> 1048576",
            "caches[a].ttl 10m -> 1m");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "strategy | {name: a, strategy: ReadThrough} | caches[a].strategy",
        "l2 | {name: a, l2: {enabled: true}} | caches[a].l2.enabled",
        "l2 prefix | {name: a, l2: {enabled: false, prefix: 'x:'}} | caches[a].l2.prefix",
        "writeBehind | {name: a, writeBehind: {maxBatch: 5}} | caches[a].writeBehind.maxBatch",
      })
  @DisplayName("strategy, l2 and writeBehind rebuild the cache")
  void rebuild(String what, String after, String field) {
    CacheChange a = between("caches: [{name: a}]", "caches: [" + after + "]").changed().get(0);
    assertThat(a.rebuild()).isTrue();
    assertThat(a.fields()).extracting(FieldChange::path).contains(field);
  }

  @Test
  @DisplayName("new loader settings rebuild the caches that call the loader, and only those")
  void loader() {
    ConfigChanges c =
        ConfigChanges.between(
            parse("caches: [{name: la}, {name: rt, strategy: ReadThrough}]"),
            ConfigLoader.parse(
                BASE.replace("127.0.0.1:7071", "127.0.0.1:7072")
                    + "caches: [{name: la}, {name: rt, strategy: ReadThrough}]"));
    assertThat(c.loaderChanged()).isTrue();
    assertThat(c.loader())
        .extracting(FieldChange::toString)
        .containsExactly("loader.target 127.0.0.1:7071 -> 127.0.0.1:7072");
    assertThat(c.changed()).extracting(CacheChange::name).containsExactly("rt");
    assertThat(c.changed().get(0).rebuild()).isTrue();
    assertThat(c.restartRequired()).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "redis: {url: 'redis://10.0.0.1:6379'} | redis.url",
        "redis: {url: 'redis://127.0.0.1:6379', usernameFile: /u} | redis.usernameFile",
        "redis: {url: 'redis://127.0.0.1:6379', passwordFile: /p} | redis.passwordFile",
        "grpc: {port: 7075} | grpc.port",
        "grpc: {unixSocket: /s.sock} | grpc.unixSocket",
        "metrics: {port: 9999} | metrics.port",
        "sync: {channel: c, heartbeatInterval: 2s} | sync.heartbeatInterval",
        "limits: {maxValueBytes: 2Mi} | limits.maxValueBytes",
        "keyspaceNotifications: {events: [del]} | keyspaceNotifications.events",
        "reload: {interval: 5s} | reload.interval",
      })
  @DisplayName("every other section takes effect on restart, named by its field")
  void restartOnly(String section, String field) {
    SidecarConfig before = parse("caches: [{name: a}]");
    String key = section.substring(0, section.indexOf(':'));
    String base =
        BASE.lines().filter(l -> !l.startsWith(key + ":")).reduce("", (a, b) -> a + b + "\n");
    SidecarConfig after = ConfigLoader.parse(base + section + "\ncaches: [{name: a}, {name: b}]");
    ConfigChanges c = ConfigChanges.between(before, after);
    assertThat(c.restartFields()).containsExactly(field);
    assertThat(c.added()).extracting(CacheConfig::name).containsExactly("b");
  }
}
