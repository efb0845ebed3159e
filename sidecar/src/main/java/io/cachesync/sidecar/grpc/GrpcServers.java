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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC listeners: TCP on loopback and, when configured, a Unix domain socket (native epoll).
 * Handlers run on the transport threads (direct executor): none of them blocks, and a hit saves an
 * executor hop. Both listeners run on the process's shared event loops, with Lettuce's connections
 * ({@link SharedEventLoops}): a handler must never wait for Redis, or it could wait for its own
 * thread.
 */
public final class GrpcServers implements AutoCloseable {
  private final List<Server> servers = new ArrayList<>();

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
      Path socket = Path.of(config.unixSocket());
      if (socket.getParent() != null) Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket); // a stale socket of a previous run
      NettyServerBuilder uds =
          NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
              .channelType(EpollServerDomainSocketChannel.class);
      servers.add(configure(uds, maxInboundBytes, services, more).build().start());
      // the app's containers may run as another user; the socket's folder is the pod's own
      // emptyDir, so who can reach it is already limited to the pod
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
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
  }
}
