package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cachesync.testsupport.sidecar.SidecarJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint ({@code src/main/jib/usr/local/bin/cachesync-sidecar}) run with the shaded
 * jar as its classpath. The sidecar is given a config file that does not exist, so it exits with 2
 * at once: enough to see which JVM options the launcher chose, since a JVM with
 * AutoCreateSharedArchive writes its archive on any orderly exit.
 */
class LauncherScriptIT {
  static final Path SCRIPT = Path.of("src/main/jib/usr/local/bin/cachesync-sidecar");
  static final String ARCHIVE = "cachesync-sidecar.jsa";

  @TempDir Path dir;

  @Test
  @DisplayName(
      "on JDK 19 or later with a writable folder, the first start writes a class-data archive and the next one starts with it")
  void writesAndReusesArchive() throws Exception {
    Path jdk = jdkAtLeast(19);
    Path cds = Files.createDirectory(dir.resolve("cds"));

    Result first = launch(jdk, cds);
    assertThat(first.exit).as(first.output).isEqualTo(2);
    assertThat(first.output).contains("does-not-exist.yaml");
    assertThat(cds.resolve(ARCHIVE)).isNotEmptyFile();

    long written = Files.getLastModifiedTime(cds.resolve(ARCHIVE)).toMillis();
    Result second = launch(jdk, cds);
    assertThat(second.exit).as(second.output).isEqualTo(2);
    // a valid archive is mapped, not written again
    assertThat(Files.getLastModifiedTime(cds.resolve(ARCHIVE)).toMillis()).isEqualTo(written);
  }

  @Test
  @DisplayName("without a writable folder the sidecar starts as usual")
  void noFolder() throws Exception {
    Path jdk = jdkAtLeast(19);
    Result r = launch(jdk, dir.resolve("missing"));
    assertThat(r.exit).as(r.output).isEqualTo(2);
    assertThat(r.output).contains("does-not-exist.yaml").doesNotContain("shared archive");
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  @DisplayName("on a JDK before 19 (no AutoCreateSharedArchive) the sidecar starts as usual")
  void oldJdk() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    assumeThat(major(jdk)).as("the test JVM is JDK " + major(jdk)).isLessThan(19);
    Path cds = Files.createDirectory(dir.resolve("cds"));
    Result r = launch(jdk, cds);
    assertThat(r.exit).as(r.output).isEqualTo(2);
    assertThat(r.output).contains("does-not-exist.yaml").doesNotContain("Unrecognized VM option");
    assertThat(cds.resolve(ARCHIVE)).doesNotExist();
  }

  @Test
  @DisplayName(
      "on JDK 25 or later it turns compact object headers on, unless JAVA_TOOL_OPTIONS name them; an archive named there is left alone")
  void compactHeaders() throws Exception {
    Path jdk = jdkAtLeast(25);
    Path cds = Files.createDirectory(dir.resolve("cds"));

    Result on = launch(jdk, cds, "-XX:+PrintFlagsFinal");
    assertThat(on.exit).as(on.output).isEqualTo(2);
    assertThat(flag(on.output, "UseCompactObjectHeaders")).isEqualTo("true");

    Result off = launch(jdk, cds, "-XX:+PrintFlagsFinal -XX:-UseCompactObjectHeaders -Xshare:auto");
    assertThat(off.exit).as(off.output).isEqualTo(2);
    assertThat(flag(off.output, "UseCompactObjectHeaders")).isEqualTo("false");
    assertThat(flag(off.output, "AutoCreateSharedArchive")).isEqualTo("false");
  }

  @Test
  @DisplayName(
      "archives are mapped where they were written (pages shared between sidecars) unless CACHESYNC_RANDOMIZE_ARCHIVES=true")
  void archivesNotRelocated() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    Path cds = Files.createDirectory(dir.resolve("cds"));

    Result fixed = launch(jdk, cds, "-XX:+PrintFlagsFinal", Map.of());
    assertThat(fixed.exit).as(fixed.output).isEqualTo(2);
    assertThat(relocationMode(fixed.output)).isEqualTo("0");

    Result randomized =
        launch(jdk, cds, "-XX:+PrintFlagsFinal", Map.of("CACHESYNC_RANDOMIZE_ARCHIVES", "true"));
    assertThat(randomized.exit).as(randomized.output).isEqualTo(2);
    // a locked diagnostic flag is not printed at all; unlocked it would show the JDK's default
    assertThat(relocationMode(randomized.output)).isNotEqualTo("0");
  }

  /** ArchiveRelocationMode in -XX:+PrintFlagsFinal output, or "" when it is not printed. */
  static String relocationMode(String output) {
    Matcher m =
        Pattern.compile("(?m)^\\s*intx\\s+ArchiveRelocationMode\\s+=\\s+(\\d+)").matcher(output);
    return m.find() ? m.group(1) : "";
  }

  /** A boolean's value in -XX:+PrintFlagsFinal output. */
  static String flag(String output, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*bool\\s+" + name + "\\s+=\\s+(\\w+)").matcher(output);
    assertThat(m.find()).as(name + " in " + output.lines().limit(5).toList()).isTrue();
    return m.group(1);
  }

  record Result(int exit, String output) {}

  Result launch(Path jdk, Path cdsDir) throws IOException, InterruptedException {
    return launch(jdk, cdsDir, null);
  }

  Result launch(Path jdk, Path cdsDir, String javaToolOptions)
      throws IOException, InterruptedException {
    return launch(jdk, cdsDir, javaToolOptions, Map.of());
  }

  Result launch(Path jdk, Path cdsDir, String javaToolOptions, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "launcher", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                "/bin/sh",
                SCRIPT.toString(),
                "--config",
                dir.resolve("does-not-exist.yaml").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    if (javaToolOptions != null) env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
    env.put("JAVA_HOME", jdk.toString());
    env.put("CACHESYNC_CLASSPATH", SidecarJar.locate().toAbsolutePath().toString());
    env.put("CACHESYNC_CDS_DIR", cdsDir.toString());
    // no image archive here, whatever the machine has at the default path (ImageArchiveIT)
    env.put("CACHESYNC_IMAGE_ARCHIVE", dir.resolve("no-image-archive.jsa").toString());
    env.remove("CACHESYNC_RANDOMIZE_ARCHIVES");
    env.putAll(extraEnv);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not exit in 60 s: " + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  /**
   * A JDK of at least {@code major} on this machine (the test JVM's, or one beside it), or skip.
   */
  static Path jdkAtLeast(int major) throws IOException {
    Path own = Path.of(System.getProperty("java.home"));
    if (major(own) >= major) return own;
    Optional<Path> other;
    try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
      other =
          jdks.filter(j -> Files.isExecutable(j.resolve("bin/java")))
              .filter(j -> major(j) >= major)
              .findFirst();
    } catch (IOException e) {
      other = Optional.empty();
    }
    assumeThat(other).as("a JDK " + major + " or later in /usr/lib/jvm").isPresent();
    return other.get();
  }

  static int major(Path jdk) {
    try {
      Matcher m =
          Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
              .matcher(Files.readString(jdk.resolve("release")));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
