package io.cachesync.testsupport;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs redis-server in a {@code redis:7.0} container, for machines with Docker but no local
 * redis-server. The container port is bound to a fixed host port on 127.0.0.1 (not a random one),
 * so {@link RedisServer#restart()} brings the server back where clients expect it. Only a local
 * Docker engine is supported: clients always connect to 127.0.0.1.
 *
 * <p>This is the only class that touches Testcontainers or docker-java; {@link RedisServer} reaches
 * it solely through {@link #dockerAvailable()} and {@link #create}, both called inside guards, so a
 * missing or broken Testcontainers never affects the other providers.
 */
final class ContainerBackend implements Backend {

  static final String IMAGE = "redis:7.0";
  private static final int CONTAINER_PORT = 6379;

  private final List<String> extraArgs;
  private final ServerLog log;
  private GenericContainer<?> container;

  private ContainerBackend(List<String> extraArgs, ServerLog log) {
    this.extraArgs = List.copyOf(extraArgs);
    this.log = log;
  }

  /** Returns the interface type so callers never link against this class's Testcontainers types. */
  static Backend create(List<String> extraArgs, ServerLog log) {
    return new ContainerBackend(extraArgs, log);
  }

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @Override
  public synchronized void launch(int hostPort) {
    List<String> command = new ArrayList<>();
    command.add("redis-server");
    // inside the container the server must listen on all interfaces for the port mapping to reach
    // it
    command.addAll(ServerArgs.of(CONTAINER_PORT, "0.0.0.0", extraArgs));
    ExposedPort exposed = ExposedPort.tcp(CONTAINER_PORT);
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withCommand(command.toArray(String[]::new))
            .withCreateContainerCmdModifier(
                cmd -> {
                  cmd.withExposedPorts(exposed);
                  cmd.getHostConfig()
                      .withPublishAllPorts(false)
                      .withPortBindings(
                          new PortBinding(
                              Ports.Binding.bindIpAndPort(RedisServer.LOOPBACK, hostPort),
                              exposed));
                })
            .withLogConsumer(frame -> log.append(frame.getUtf8String()))
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
            .withStartupTimeout(Duration.ofSeconds(60));
    container = c;
    c.start();
  }

  @Override
  public synchronized void kill() {
    if (container != null) {
      container.stop(); // docker kill + remove: nothing is saved
      container = null;
    }
  }

  @Override
  public synchronized boolean alive() {
    return container != null && container.isRunning();
  }
}
