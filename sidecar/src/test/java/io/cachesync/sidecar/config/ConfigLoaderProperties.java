package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The loader against arbitrary and adversarial files: it accepts them or says what is wrong with a
 * ConfigException and a message, and never throws anything else (a crash at start, or a reload that
 * kills the file watcher).
 */
class ConfigLoaderProperties {
  static final List<String> SECTIONS =
      List.of(
          "redis",
          "grpc",
          "loader",
          "sync",
          "metrics",
          "limits",
          "keyspaceNotifications",
          "caches",
          "reload",
          "bogus");

  static final List<String> FIELDS =
      List.of(
          "url",
          "username",
          "usernameFile",
          "passwordFile",
          "connectTimeout",
          "commandTimeout",
          "host",
          "port",
          "unixSocket",
          "drainTimeout",
          "target",
          "timeout",
          "maxConcurrency",
          "retries",
          "maxQueued",
          "channel",
          "heartbeatInterval",
          "outageBufferKeys",
          "maxBatchKeys",
          "delivery",
          "streamMaxLength",
          "keyFile",
          "verifyKeyFile",
          "maxFrameBytes",
          "maxKeyBytes",
          "maxValueBytes",
          "fillTokenWindow",
          "l1HeapShare",
          "maxWatchStreams",
          "maxWatchBacklogBytes",
          "maxResponseBytes",
          "events",
          "manage",
          "interval",
          "name",
          "strategy",
          "maximumSize",
          "maximumWeight",
          "ttl",
          "l2",
          "writeBehind",
          "enabled",
          "prefix",
          "flushInterval",
          "maxBatch",
          "claimIdle",
          "maxBackoff");

  @Provide
  Arbitrary<String> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "0",
            "-1",
            "1",
            "7070",
            "99999999999999999999",
            "1e9",
            "0x10",
            "0.5",
            "NaN",
            "-0",
            "10m",
            "1h30m",
            "-5s",
            "0s",
            "999999999999h",
            "1Ki",
            "64Mi",
            "8Ei",
            "1Gi",
            "true",
            "yes",
            "~",
            "''",
            "\"\"",
            "redis://127.0.0.1:6379",
            "rediss://h:1",
            "redis://:p@h",
            "http://x",
            "LookAside",
            "WriteBehind",
            "Stream",
            "PubSub",
            "[]",
            "{}",
            "[1, 2]",
            "{a: 1}",
            "/nonexistent/file",
            "'\\u0000'",
            "&a [1]",
            "*a",
            "!!str x",
            "!!javax.script.ScriptEngineManager [x]",
            "\"\\uD800\""),
        Arbitraries.strings().ofMaxLength(12).map(s -> "'" + s.replace("'", "''") + "'"),
        Arbitraries.longs().map(String::valueOf));
  }

  @Provide
  Arbitrary<String> files() {
    Arbitrary<String> field = Arbitraries.of(FIELDS).flatMap(f -> scalars().map(v -> f + ": " + v));
    Arbitrary<String> mapping =
        field.list().ofMaxSize(5).map(l -> "{" + String.join(", ", l) + "}");
    Arbitrary<String> section =
        Arbitraries.of(SECTIONS)
            .flatMap(
                s ->
                    Arbitraries.oneOf(
                            mapping,
                            mapping.list().ofMaxSize(3).map(l -> "[" + String.join(", ", l) + "]"),
                            scalars())
                        .map(v -> s + ": " + v));
    return section.list().ofMaxSize(6).map(l -> String.join("\n", l));
  }

  @Property(tries = 2000)
  @Label("files built of the schema's own names and hostile values load or give a ConfigException")
  void adversarialFiles(@ForAll("files") String yaml) {
    loadsOrExplains(yaml);
  }

  @Property(tries = 1000)
  @Label("random text loads or gives a ConfigException")
  void randomText(@ForAll String text) {
    loadsOrExplains(text);
  }

  @Property(tries = 20)
  @Label("deep nesting and alias bombs are refused with a message, not a stack overflow")
  void bombs(@ForAll @IntRange(min = 1, max = 20_000) int depth) {
    loadsOrExplains("sync: " + "[".repeat(depth) + "]".repeat(depth));
    loadsOrExplains("sync: " + "{a: ".repeat(depth) + "1" + "}".repeat(depth));
    StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      String p = "*a" + (i - 1);
      laughs.append("a%d: &a%d [%s]\n".formatted(i, i, String.join(", ", List.of(p, p, p, p, p))));
    }
    loadsOrExplains(laughs.toString());
  }

  static void loadsOrExplains(String yaml) {
    try {
      ConfigLoader.parse(yaml);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
