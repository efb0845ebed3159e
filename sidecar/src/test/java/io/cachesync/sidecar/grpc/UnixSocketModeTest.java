package io.cachesync.sidecar.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachesync.sidecar.config.GrpcConfig;
import io.cachesync.sidecar.transport.SharedEventLoops;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketModeTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "the Unix socket is 0660 in a folder the sidecar makes 0750, with no private bind folder left behind, and gone after close")
  void socketMode() throws Exception {
    assumeTrue(SharedEventLoops.epoll(), "the Unix socket needs native epoll");
    Path socket = dir.resolve("run/cachesync/cache.sock");
    GrpcConfig config = new GrpcConfig("127.0.0.1", 0, socket.toString(), null);
    try (GrpcServers servers = new GrpcServers(config, 1 << 20, List.of(), List.of())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-rw----");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
          .isEqualTo("rwxr-x---");
      try (var listing = Files.list(socket.getParent())) {
        assertThat(listing).containsExactly(socket);
      }
      try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        assertThat(c.connect(UnixDomainSocketAddress.of(socket))).as("still listening").isTrue();
      }
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  @DisplayName("a world-writable folder of its own is closed to others before the socket goes in")
  void worldWritableFolder() throws Exception {
    assumeTrue(SharedEventLoops.epoll(), "the Unix socket needs native epoll");
    Path folder = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path socket = folder.resolve("cache.sock");
    GrpcConfig config = new GrpcConfig("127.0.0.1", 0, socket.toString(), null);
    try (GrpcServers servers = new GrpcServers(config, 1 << 20, List.of(), List.of())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
          .isEqualTo("rwxrwx---");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-rw----");
    }
  }

  @Test
  @DisplayName(
      "grpc.unixSocketMode 0666, as the operator renders it for a pod's emptyDir, opens the socket"
          + " to every user of the pod and leaves the folder as it is")
  void modeForEveryUserOfThePod() throws Exception {
    assumeTrue(SharedEventLoops.epoll(), "the Unix socket needs native epoll");
    Path folder = Files.createDirectory(dir.resolve("emptydir"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path socket = folder.resolve("cache.sock");
    GrpcConfig config = new GrpcConfig("127.0.0.1", 0, socket.toString(), null, "0666");
    try (GrpcServers servers = new GrpcServers(config, 1 << 20, List.of(), List.of())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-rw-rw-");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
          .isEqualTo("rwxrwxrwx");
    }
  }
}
