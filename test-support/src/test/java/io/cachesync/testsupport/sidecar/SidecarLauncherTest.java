package io.cachesync.testsupport.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher against {@link StandInSidecar}, a JVM that starts, serves health and dies like the
 * sidecar; the sidecar's own ITs run the launcher against the real jar.
 */
class SidecarLauncherTest {
  @TempDir Path dir;
  private final SidecarLauncher launcher = new SidecarLauncher();

  @AfterEach
  void stopAll() {
    launcher.close();
  }

  private SidecarSpec.Builder standIn(String name) {
    return SidecarSpec.mainClass(
            System.getProperty("java.class.path"), StandInSidecar.class.getName(), name, dir)
        .jvmOptions(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dflag=on"))
        .config(port -> "grpc: {port: " + port + "}\n")
        .stopGrace(Duration.ofSeconds(5));
  }

  private static ServingStatus health(LaunchedSidecar s) {
    return HealthGrpc.newBlockingStub(s.channel())
        .withDeadlineAfter(1, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  @Test
  @DisplayName("a spawned sidecar is awaited until SERVING, with its pod name, JVM options and log")
  void starts() {
    LaunchedSidecar s = launcher.spawn(standIn("pod-a").build());
    assertThat(s.awaitServing()).isPositive();
    assertThat(health(s)).isEqualTo(ServingStatus.SERVING);
    assertThat(s.origin()).startsWith("pod-a-");
    assertThat(s.logText()).contains("flag=on").contains(":" + s.port());
    assertThat(s.log()).isEqualTo(dir.resolve("pod-a.log"));
    assertThat(s.pid()).isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  @DisplayName("a port taken before the JVM could bind it is retried on another port")
  void portTaken() {
    LaunchedSidecar s =
        launcher.spawn(standIn("pod-b").env("STANDIN_TAKEN_ONCE", dir + "/taken").build());
    int first = s.port();
    s.awaitServing();
    assertThat(s.port()).isNotEqualTo(first);
    assertThat(s.logText()).contains("Address already in use");
    assertThat(health(s)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  @DisplayName("a paused sidecar answers nothing until resumed")
  void pause() {
    LaunchedSidecar s = launcher.start(standIn("pod-c").build());
    s.pause();
    assertThatThrownBy(() -> health(s))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("DEADLINE_EXCEEDED");
    s.resume();
    assertThat(health(s)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  @DisplayName("a killed sidecar restarts from its spec on the same port, as a new process")
  void killAndRestart() throws Exception {
    LaunchedSidecar s = launcher.start(standIn("pod-d").build());
    long pid = s.pid();
    int port = s.port();
    s.kill();
    assertThat(s.alive()).isFalse();
    assertThat(s.process().exitValue()).isEqualTo(137);
    s.restart();
    s.awaitServing();
    assertThat(s.pid()).isNotEqualTo(pid);
    assertThat(s.port()).isEqualTo(port);
    assertThat(health(s)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  @DisplayName("stop sends SIGTERM, and SIGKILL only to a sidecar that outlives its grace")
  void stop() {
    LaunchedSidecar polite = launcher.start(standIn("pod-e").build());
    LaunchedSidecar stubborn =
        launcher.start(
            standIn("pod-f")
                .env("STANDIN_IGNORE_TERM", "1")
                .stopGrace(Duration.ofSeconds(1))
                .build());
    assertThat(polite.stop()).as("killed").isFalse();
    assertThat(polite.logText()).contains("stopping on SIGTERM");
    assertThat(stubborn.stop()).as("killed").isTrue();
    assertThat(stubborn.alive()).isFalse();
  }

  @Test
  @DisplayName("a sidecar that exits at start fails the wait with the end of its log")
  void refused() {
    LaunchedSidecar s =
        launcher.spawn(standIn("pod-g").env("STANDIN_REFUSE", "caches[0].ttl: bad").build());
    assertThatThrownBy(s::awaitServing)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pod-g exited with code 2")
        .hasMessageContaining("    | caches[0].ttl: bad");
  }

  @Test
  @DisplayName("closing the launcher stops every sidecar, and refuses new ones")
  void close() {
    LaunchedSidecar s = launcher.start(standIn("pod-h").build());
    assertThat(launcher.stopAll()).isEmpty();
    assertThat(s.alive()).isFalse();
    assertThatThrownBy(() -> launcher.spawn(standIn("pod-i").build()))
        .isInstanceOf(IllegalStateException.class);
  }
}
