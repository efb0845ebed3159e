package io.cachesync.sidecar.grpc;

import io.cachesync.sidecar.config.GrpcConfig;
import io.cachesync.sidecar.transport.SharedEventLoops;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC listeners: TCP on loopback and, when configured, a Unix domain socket (native epoll).
 * Handlers run on the transport threads (direct executor): none of them blocks, and a hit saves an
 * executor hop. Both listeners run on the process's shared event loops, with Lettuce's connections
 * ({@link SharedEventLoops}): a handler must never wait for Redis, or it could wait for its own
 * thread.
 */
public final class GrpcServers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GrpcServers.class);

  /** A folder the sidecar creates for the socket: the pod's group may enter, no one may write. */
  static final Set<PosixFilePermission> SOCKET_DIR_MODE =
      PosixFilePermissions.fromString("rwxr-x---");

  private static final Set<PosixFilePermission> PRIVATE_DIR_MODE =
      PosixFilePermissions.fromString("rwx------");

  /** sun_path holds 108 bytes with its terminating zero. */
  private static final int MAX_SOCKET_PATH_BYTES = 107;

  private final List<Server> servers = new ArrayList<>();
  private final Path socketFile;

  public GrpcServers(
      GrpcConfig config,
      int maxInboundBytes,
      List<BindableService> services,
      List<ServerServiceDefinition> more)
      throws IOException {
    NettyServerBuilder tcp =
        NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
            .channelType(SharedEventLoops.serverChannelType());
    servers.add(configure(tcp, maxInboundBytes, services, more).build().start());
    if (config.unixSocket() != null) {
      if (!SharedEventLoops.epoll()) {
        throw new IOException(
            "grpc.unixSocket needs native epoll (Linux x86_64 or aarch64): "
                + (Epoll.isAvailable()
                    ? "it is turned off with -Dio.lettuce.core.epoll=false"
                    : String.valueOf(Epoll.unavailabilityCause())));
      }
      this.socketFile = bindUnixSocket(config, maxInboundBytes, services, more);
    } else {
      this.socketFile = null;
    }
  }

  /**
   * Binds where nobody else can reach the socket yet, sets its mode, then moves it into place:
   * there is no moment in which it is open to more than the pod's containers.
   */
  private Path bindUnixSocket(
      GrpcConfig config,
      int maxInboundBytes,
      List<BindableService> services,
      List<ServerServiceDefinition> more)
      throws IOException {
    Path socket = Path.of(config.unixSocket()).toAbsolutePath();
    Path folder = socket.getParent();
    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(SOCKET_DIR_MODE));
    Set<PosixFilePermission> socketMode = config.socketPermissions();
    // a socket meant for every user who reaches the folder (an emptyDir, which only the pod's
    // containers mount) leaves the folder as it is: the folder is what bounds who reaches it
    if (!socketMode.contains(PosixFilePermission.OTHERS_WRITE)) closeToOthers(folder);
    Files.deleteIfExists(socket); // a stale socket of a previous run
    Path privateDir =
        Files.createTempDirectory(
            folder, ".s", PosixFilePermissions.asFileAttribute(PRIVATE_DIR_MODE));
    Path bound = privateDir.resolve("s");
    if (bound.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
      Files.delete(privateDir); // too long to bind there: bind in place, and set the mode at once
      bound = socket;
      privateDir = null;
    }
    NettyServerBuilder uds =
        NettyServerBuilder.forAddress(new DomainSocketAddress(bound.toString()))
            .channelType(EpollServerDomainSocketChannel.class);
    servers.add(configure(uds, maxInboundBytes, services, more).build().start());
    Files.setPosixFilePermissions(bound, socketMode);
    if (privateDir != null) {
      Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(privateDir);
    }
    return socket;
  }

  /**
   * A world-writable folder lets anyone who reaches it replace the socket. An emptyDir is made that
   * way and belongs to root, so often this can only be said, not changed: inside a pod only the
   * pod's containers reach it.
   */
  private static void closeToOthers(Path folder) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
      if (!mode.contains(PosixFilePermission.OTHERS_WRITE)) return;
      mode.removeAll(
          Set.of(
              PosixFilePermission.OTHERS_READ,
              PosixFilePermission.OTHERS_WRITE,
              PosixFilePermission.OTHERS_EXECUTE));
      Files.setPosixFilePermissions(folder, mode);
    } catch (IOException | SecurityException e) {
      log.warn(
          "the folder of grpc.unixSocket, {}, is writable by every user and cannot be changed by"
              + " this one ({}); fine on a pod's emptyDir, which only its containers reach",
          folder,
          e.toString());
    }
  }

  private static NettyServerBuilder configure(
      NettyServerBuilder b,
      int maxInboundBytes,
      List<BindableService> services,
      List<ServerServiceDefinition> more) {
    b.bossEventLoopGroup(SharedEventLoops.group())
        .workerEventLoopGroup(SharedEventLoops.group())
        .directExecutor()
        .maxInboundMessageSize(maxInboundBytes)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
    services.forEach(b::addService);
    more.forEach(b::addService);
    return b;
  }

  /** The TCP port actually bound (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) servers.get(0).getListenSockets().get(0)).getPort();
  }

  /** Stops taking calls and lets running ones finish, up to the deadline. */
  public void drain(long timeoutMillis) throws InterruptedException {
    servers.forEach(Server::shutdown);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (Server s : servers)
      s.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    servers.forEach(Server::shutdownNow);
    for (Server s : servers) {
      try {
        s.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    removeSocketFile();
  }

  /** Netty removes the path it bound, which the move left empty: the socket's own is ours. */
  private void removeSocketFile() {
    if (socketFile == null) return;
    try {
      Files.deleteIfExists(socketFile);
    } catch (IOException e) {
      // the next start deletes a stale socket anyway
    }
  }
}
