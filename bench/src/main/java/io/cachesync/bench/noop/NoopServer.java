package io.cachesync.bench.noop;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A trivial grpc-java server in its own JVM: the floor of the latency and throughput figures.
 *
 * <p>It runs as a separate process, not inside the harness, because the sidecar does: a call to
 * either then crosses the same process boundary, and the server's threads do not share the
 * harness's JIT, GC and heap. It is built exactly like the sidecar's listeners ({@code
 * GrpcServers}): Netty on 127.0.0.1 with a direct executor and the same keep-alive permissions, and
 * on a Unix socket with its own one-thread epoll group.
 *
 * <p>{@code NoopServer --port P [--uds PATH] [--keys N] [--value-bytes B] [--prefix P]}
 */
public final class NoopServer {
  private NoopServer() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    String uds = null;
    int keys = 1000;
    int valueBytes = 128;
    String prefix = "hit-";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--uds" -> uds = args[i + 1];
        case "--keys" -> keys = Integer.parseInt(args[i + 1]);
        case "--value-bytes" -> valueBytes = Integer.parseInt(args[i + 1]);
        case "--prefix" -> prefix = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    NoopCacheService service = new NoopCacheService(prefix, keys, valueBytes);
    HealthStatusManager health = new HealthStatusManager();
    Server tcp =
        configure(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)))
            .addService(service)
            .addService(health.getHealthService())
            .build()
            .start();
    Server unix = null;
    EventLoopGroup udsGroup = null;
    if (uds != null) {
      Files.deleteIfExists(Path.of(uds));
      udsGroup = new EpollEventLoopGroup(1);
      unix =
          configure(NettyServerBuilder.forAddress(new DomainSocketAddress(uds)))
              .channelType(EpollServerDomainSocketChannel.class)
              .bossEventLoopGroup(udsGroup)
              .workerEventLoopGroup(udsGroup)
              .addService(service)
              .build()
              .start();
    }
    health.setStatus("", ServingStatus.SERVING);
    CountDownLatch stopped = new CountDownLatch(1);
    Server u = unix;
    EventLoopGroup g = udsGroup;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  tcp.shutdownNow();
                  if (u != null) u.shutdownNow();
                  if (g != null) g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                  stopped.countDown();
                }));
    System.out.println("noop server listening on 127.0.0.1:" + tcp.getPort());
    stopped.await();
  }

  /** The sidecar's server settings (GrpcServers#configure), minus its services. */
  private static NettyServerBuilder configure(NettyServerBuilder b) {
    return b.directExecutor()
        .maxInboundMessageSize(4 << 20)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
  }
}
