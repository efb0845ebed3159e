package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarJar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.cachesync.testsupport.sidecar.SidecarSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The class-data archive the image carries (src/main/docker/Dockerfile): written at build time by
 * the launcher's {@code --write-archive} with no Redis and no network, then mapped by the next
 * start through the launcher (CACHESYNC_IMAGE_ARCHIVE), as a new pod's sidecar starts. Each JDK
 * trains once per class; the starts run against a real Redis.
 */
class ImageArchiveIT {
  static final Path SCRIPT = LauncherScriptIT.SCRIPT.toAbsolutePath();
  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  /** A class+load line of a class mapped from the dynamic (top) archive, on JDK 17 and 25. */
  static final String FROM_ARCHIVE = "shared objects file (top)";

  @TempDir static Path dir;
  static RedisServer redis;
  static SidecarLauncher sidecars;
  static final Map<Path, Result> trained = new HashMap<>();

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    sidecars = new SidecarLauncher();
  }

  @AfterAll
  static void stop() {
    if (sidecars != null) sidecars.close();
    if (redis != null) redis.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"the test JVM", "Temurin 25"})
  @DisplayName(
      "--write-archive writes an archive with exit 0 and no Redis, and the next start through the launcher maps it")
  void writesAndMaps(String which) throws Exception {
    Path jdk = jdk(which);
    Result training = trainedArchive(jdk);
    assertThat(training.exit).as(training.output).isZero();
    assertThat(training.output).contains("Redis absent");
    Path archive = archiveOf(jdk);
    assertThat(archive).isNotEmptyFile();

    try (LaunchedSidecar s = startThroughLauncher(jdk, archive, "mapped-" + major(jdk))) {
      long mapped = s.logText().lines().filter(l -> l.contains(FROM_ARCHIVE)).count();
      // a sidecar at SERVING has loaded some 3,900 classes beyond the JDK's own archive
      assertThat(mapped).as(s.logTail()).isGreaterThan(1000);
    }
  }

  @Test
  @DisplayName(
      "an archive made by the other JDK does not stop the sidecar: it starts without it, mapping nothing")
  void foreignArchive() throws Exception {
    Path own = Path.of(System.getProperty("java.home"));
    Path other = jdk("Temurin 25");
    assumeThat(major(own)).as("the test JVM must differ from Temurin 25").isNotEqualTo(25);
    trainedArchive(own);
    trainedArchive(other);
    for (Path[] pair :
        List.of(new Path[] {own, archiveOf(other)}, new Path[] {other, archiveOf(own)})) {
      assertThat(pair[1]).isNotEmptyFile();
      try (LaunchedSidecar s =
          startThroughLauncher(pair[0], pair[1], "foreign-" + major(pair[0]))) {
        assertThat(s.logText()).doesNotContain(FROM_ARCHIVE);
      }
    }
  }

  @Test
  @DisplayName(
      "with CACHESYNC_TRAIN_REDIS the training serves its round of calls against that Redis")
  void trainsAgainstRedis() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    Path archive = dir.resolve("with-redis/cachesync-sidecar.jsa");
    Result r = writeArchive(jdk, archive, Map.of("CACHESYNC_TRAIN_REDIS", redis.uri()));
    assertThat(r.exit).as(r.output).isZero();
    Matcher m = Pattern.compile("--train: (\\d+) answered, (\\d+) refused").matcher(r.output);
    assertThat(m.find()).as(r.output).isTrue();
    // without Redis nearly every call is refused (not ready); with it nearly every one answers
    assertThat(Integer.parseInt(m.group(1)))
        .as(r.output)
        .isGreaterThan(Integer.parseInt(m.group(2)) * 10);
    assertThat(archive).isNotEmptyFile();
  }

  @Test
  @DisplayName(
      "a training that cannot start exits 1 with a message that names the setting, and leaves no archive")
  void failedTraining() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    Path archive = dir.resolve("failed/cachesync-sidecar.jsa");
    Result r = writeArchive(jdk, archive, Map.of("CACHESYNC_TRAIN_REDIS", "localhost:6379"));
    assertThat(r.exit).as(r.output).isEqualTo(1);
    assertThat(r.output).contains("cachesync-sidecar --train: redis.url: 'localhost:6379'");
    assertThat(archive).doesNotExist();
  }

  @Test
  @DisplayName("--write-archive without a file says how to call it")
  void usage() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", SCRIPT.toString(), "--write-archive");
    Result r = run(pb, dir.resolve("usage.log"));
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.output).contains("usage: cachesync-sidecar --write-archive FILE");
  }

  @Test
  @DisplayName(
      "the launcher names the image's archive unless JAVA_TOOL_OPTIONS name SharedArchiveFile or Xshare")
  void javaToolOptionsDecide() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    // the launcher checks only that the file is there; the JVM ignores one it cannot use
    Path archive = Files.writeString(dir.resolve("any-image-archive.jsa"), "not an archive");
    assertThat(sharedArchiveFlag(jdk, archive, "-XX:+PrintFlagsFinal"))
        .isEqualTo(archive.toString());
    assertThat(sharedArchiveFlag(jdk, archive, "-XX:+PrintFlagsFinal -Xshare:auto")).isEmpty();
    Path own = dir.resolve("own.jsa");
    assertThat(sharedArchiveFlag(jdk, archive, "-XX:+PrintFlagsFinal -XX:SharedArchiveFile=" + own))
        .isEqualTo(own.toString());
  }

  /** SharedArchiveFile as the JVM the launcher started saw it (it exits 2: no config file). */
  static String sharedArchiveFlag(Path jdk, Path archive, String javaToolOptions) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "/bin/sh", SCRIPT.toString(), "--config", dir.resolve("no-such.yaml").toString());
    pb.environment().putAll(launcherEnv(jdk));
    pb.environment().put("CACHESYNC_IMAGE_ARCHIVE", archive.toString());
    pb.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
    Files.createDirectories(dir.resolve("logs"));
    Result r = run(pb, Files.createTempFile(dir.resolve("logs"), "flags", ".log"));
    assertThat(r.exit).as(r.output).isEqualTo(2);
    Matcher m =
        Pattern.compile("(?m)^\\s*ccstr\\s+SharedArchiveFile\\s+=\\s*(\\S*)").matcher(r.output);
    assertThat(m.find()).as(r.output.lines().limit(5).toList().toString()).isTrue();
    return m.group(1).startsWith("{") ? "" : m.group(1);
  }

  /** The sidecar through the launcher, with {@code archive} as the image's, at SERVING. */
  static LaunchedSidecar startThroughLauncher(Path jdk, Path archive, String name)
      throws IOException {
    Map<String, String> env = new HashMap<>(launcherEnv(jdk));
    env.put("CACHESYNC_IMAGE_ARCHIVE", archive.toString());
    env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info");
    SidecarSpec spec =
        new SidecarSpec(
            name,
            Files.createDirectories(dir.resolve(name)),
            Path.of("/bin/sh"),
            List.of(),
            List.of(SCRIPT.toString()),
            (s, port) -> {
              Files.writeString(
                  s.configFile(),
                  """
                  redis: {url: "%s"}
                  grpc: {port: %d, drainTimeout: 1s}
                  metrics: {port: 0}
                  sync: {channel: cachesync.image-archive-it}
                  caches:
                    - {name: books, strategy: LookAside}
                  """
                      .formatted(redis.uri(), port));
              return List.of("--config", s.configFile().toString());
            },
            0,
            env,
            null,
            null,
            null,
            null);
    return sidecars.start(spec);
  }

  static synchronized Result trainedArchive(Path jdk) throws Exception {
    Result r = trained.get(jdk);
    if (r == null) {
      r = writeArchive(jdk, archiveOf(jdk), Map.of());
      trained.put(jdk, r);
    }
    return r;
  }

  static Path archiveOf(Path jdk) {
    return dir.resolve("jdk-" + major(jdk) + "/archive/cachesync-sidecar.jsa");
  }

  static Result writeArchive(Path jdk, Path archive, Map<String, String> extraEnv)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("/bin/sh", SCRIPT.toString(), "--write-archive", archive.toString());
    pb.environment().putAll(launcherEnv(jdk));
    pb.environment().remove("CACHESYNC_TRAIN_REDIS");
    pb.environment().putAll(extraEnv);
    Files.createDirectories(dir.resolve("logs"));
    return run(pb, Files.createTempFile(dir.resolve("logs"), "training", ".log"));
  }

  static Map<String, String> launcherEnv(Path jdk) {
    return Map.of(
        "JAVA_HOME", jdk.toString(),
        "CACHESYNC_CLASSPATH", SidecarJar.locate().toAbsolutePath().toString(),
        // no AutoCreate archive of the launcher's own: only the image's may be mapped
        "CACHESYNC_CDS_DIR", dir.resolve("no-such-folder").toString(),
        "JAVA_TOOL_OPTIONS", "");
  }

  static Result run(ProcessBuilder pb, Path log) throws Exception {
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // the training bounds itself to 15 s; the JVM then writes the archive
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not exit in 90 s: " + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  record Result(int exit, String output) {}

  /** The JDK named by a test parameter, or skip with why. */
  static Path jdk(String which) {
    if (which.startsWith("the test JVM")) return Path.of(System.getProperty("java.home"));
    assumeThat(TEMURIN_25.resolve("bin/java"))
        .as("Temurin 25 at " + TEMURIN_25 + ", for the JDK 25 half (not a Debian package)")
        .isExecutable();
    return TEMURIN_25;
  }

  static int major(Path jdk) {
    return LauncherScriptIT.major(jdk);
  }
}
