package io.cachesync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Joins empty cluster-enabled nodes with {@code redis-cli --cluster create ... --cluster-replicas 1
 * --cluster-yes}: the tool assigns the slots, pairs replicas with masters and waits for the nodes
 * to meet, the way operators build a cluster by hand.
 */
final class ClusterCreate {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ClusterCreate() {}

  /**
   * @throws IllegalStateException if redis-cli is missing, fails or hangs; the message quotes its
   *     output
   */
  static void join(List<RedisAddress> nodes, int replicasPerMaster) {
    join(RedisBinaries.cliOnPath(), nodes, replicasPerMaster, List.of());
  }

  /** As {@link #join(List, int)}, with {@code cliArgs} such as the TLS flags before the rest. */
  static void join(List<RedisAddress> nodes, int replicasPerMaster, List<String> cliArgs) {
    join(RedisBinaries.cliOnPath(), nodes, replicasPerMaster, cliArgs);
  }

  static void join(Optional<Path> redisCli, List<RedisAddress> nodes, int replicasPerMaster) {
    join(redisCli, nodes, replicasPerMaster, List.of());
  }

  /** As {@link #join(List, int)} with the redis-cli given, so tests can take it away. */
  private static void join(
      Optional<Path> redisCli,
      List<RedisAddress> nodes,
      int replicasPerMaster,
      List<String> cliArgs) {
    Path cli =
        redisCli.orElseThrow(
            () ->
                new IllegalStateException(
                    "a Redis Cluster is joined with redis-cli, which is not on PATH (nor beside "
                        + RedisBinaries.ENV_OVERRIDE
                        + "); install it with redis-server (Debian: redis-tools)"));
    List<String> command = new ArrayList<>(List.of(cli.toString()));
    command.addAll(cliArgs);
    command.addAll(List.of("--cluster", "create"));
    nodes.forEach(node -> command.add(node.toString()));
    command.addAll(
        List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
    ServerLog log = ServerLog.create(); // its output is quoted on failure, then deleted
    Path output = log.file();
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(log.dir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw failure(command, "did not finish within " + TIMEOUT.toSeconds() + " s", output);
      }
      if (process.exitValue() != 0) {
        throw failure(command, "exited with " + process.exitValue(), output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cli, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining the cluster", e);
    } finally {
      log.delete();
    }
  }

  private static IllegalStateException failure(List<String> command, String what, Path output) {
    String text;
    try {
      text = Files.readString(output);
    } catch (IOException | UncheckedIOException e) {
      text = "(no output: " + e.getMessage() + ")";
    }
    return new IllegalStateException(
        String.join(" ", command) + " " + what + ":" + System.lineSeparator() + text);
  }
}
