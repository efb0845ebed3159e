package io.cachesync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.bench.family.Family;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("--only takes families and figures, runs each family once, in the harness's order")
  void onlySelectsFamilies() throws Exception {
    Path jar = Files.createFile(tmp.resolve("sidecar.jar"));
    BenchOptions o =
        BenchOptions.parse(
            "--sidecar-jar", jar.toString(), "--only", "stampede,rss_idle_mib,memory");

    assertThat(Bench.select(o).stream().map(Family::name)).containsExactly("memory", "stampede");
  }

  @Test
  @DisplayName("--help answers whatever follows it, and before the sidecar jar is built")
  void helpFirst() {
    Path missing = tmp.resolve("not-built-yet.jar");

    assertThat(BenchOptions.parse("--sidecar-jar", missing.toString(), "--help").help()).isTrue();
    assertThat(BenchOptions.parse("-h", "--no-such-option").help()).isTrue();
    assertThatThrownBy(() -> BenchOptions.parse("--no-such-option", "--help"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option '--no-such-option'");
  }

  @Test
  @DisplayName("--only takes the signed families, by name or by figure, and --help names them")
  void onlySelectsSignedFamilies() throws Exception {
    Path jar = Files.createFile(tmp.resolve("sidecar.jar"));
    BenchOptions o =
        BenchOptions.parse(
            "--sidecar-jar",
            jar.toString(),
            "--only",
            "signed_invalidation_keys_per_s,signed-propagation,propagation",
            "--topology",
            "standalone");

    assertThat(Bench.select(o).stream().map(Family::name))
        .containsExactly("propagation", "signed-propagation", "signed-invalidation");
    assertThat(BenchOptions.USAGE).contains("signed-propagation", "signed-invalidation");
  }

  @Test
  @DisplayName(
      "--topology picks where fan-out and the propagation comparison run; fanout brings its cluster"
          + " variant, and other families run whatever it says")
  void topologyPicksVariants() throws Exception {
    Path jar = Files.createFile(tmp.resolve("sidecar.jar"));
    String j = jar.toString();

    assertThat(names(BenchOptions.parse("--sidecar-jar", j, "--only", "fanout")))
        .containsExactly("fanout", "cluster-fanout");
    assertThat(names(BenchOptions.parse("--sidecar-jar", j, "--only", "propagation,stampede")))
        .containsExactly("propagation", "cluster-propagation", "stampede");
    assertThat(
            names(
                BenchOptions.parse(
                    "--sidecar-jar", j, "--only", "fanout,latency", "--topology", "cluster")))
        .containsExactly("latency", "cluster-fanout");
    assertThat(
            names(
                BenchOptions.parse(
                    "--sidecar-jar", j, "--only", "cluster-fanout", "--topology", "Cluster")))
        .containsExactly("cluster-fanout");
    assertThat(names(BenchOptions.parse("--sidecar-jar", j, "--topology", "standalone")))
        .contains("fanout", "stampede")
        .doesNotContain("cluster-fanout", "cluster-propagation");
    assertThat(names(BenchOptions.parse("--sidecar-jar", j)))
        .contains("fanout", "cluster-fanout", "cluster-propagation");
    assertThatThrownBy(() -> BenchOptions.parse("--sidecar-jar", j, "--topology", "sentinel"))
        .hasMessageContaining("--topology sentinel: standalone or cluster");
    assertThat(
            names(
                BenchOptions.parse(
                    "--sidecar-jar", j, "--only", "cluster-fanout", "--topology", "standalone")))
        .containsExactly("fanout");
    BenchOptions nothing =
        BenchOptions.parse(
            "--sidecar-jar", j, "--only", "cluster-propagation", "--topology", "standalone");
    assertThatThrownBy(() -> Bench.select(nothing)).hasMessageContaining("nothing to run");
  }

  private static List<String> names(BenchOptions o) {
    return Bench.select(o).stream().map(Family::name).toList();
  }

  @Test
  @DisplayName("--sidecar-jvm-opts splits on white space")
  void jvmOpts() throws Exception {
    Path jar = Files.createFile(tmp.resolve("sidecar.jar"));
    BenchOptions o =
        BenchOptions.parse(
            "--sidecar-jar", jar.toString(), "--sidecar-jvm-opts", " -XX:+UseSerialGC  -Xmx64m ");

    assertThat(o.sidecarJvmOpts()).containsExactly("-XX:+UseSerialGC", "-Xmx64m");
  }

  @Test
  @DisplayName("an unknown --only name is refused, naming the families")
  void unknownOnly() throws Exception {
    Path jar = Files.createFile(tmp.resolve("sidecar.jar"));
    BenchOptions o = BenchOptions.parse("--sidecar-jar", jar.toString(), "--only", "speed");

    assertThatThrownBy(() -> Bench.select(o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency");
  }

  @Test
  @DisplayName("--remote-delay-us sets the remote Redis floor's one-way delay; 100 us by default")
  void remoteDelay() throws Exception {
    Path jar = Files.createFile(tmp.resolve("sidecar.jar"));
    String j = jar.toString();

    assertThat(BenchOptions.parse("--sidecar-jar", j).remoteDelay())
        .isEqualTo(java.time.Duration.ofNanos(100_000));
    assertThat(BenchOptions.parse("--sidecar-jar", j, "--remote-delay-us", "250").remoteDelay())
        .isEqualTo(java.time.Duration.ofNanos(250_000));
    assertThat(BenchOptions.parse("--sidecar-jar", j, "--remote-delay-us=0").remoteDelay())
        .isZero();
    for (String bad : List.of("-1", "100001", "0.1ms", "")) {
      assertThatThrownBy(() -> BenchOptions.parse("--sidecar-jar", j, "--remote-delay-us", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--remote-delay-us")
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
