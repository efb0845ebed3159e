package io.cachesync.bench.proc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every client channel the harness opens, built one way so that a sidecar and its floor (the no-op
 * server) are called with the same transport and the same client settings: grpc-java's defaults
 * (native epoll where available), plaintext, and optionally a direct executor ({@code
 * --client-direct-executor}). Watch streams get a direct executor always, so an event's arrival is
 * timed on the transport thread, as Lettuce times a Pub/Sub message on its I/O thread.
 */
public final class Channels implements AutoCloseable {
  private final boolean directExecutor;
  private final List<ManagedChannel> open = new CopyOnWriteArrayList<>();
  private EventLoopGroup udsGroup;

  public Channels(boolean directExecutor) {
    this.directExecutor = directExecutor;
  }

  /** A channel to {@code 127.0.0.1:port}. */
  public ManagedChannel tcp(int port) {
    return track(configure(NettyChannelBuilder.forAddress("127.0.0.1", port), directExecutor));
  }

  /** A channel to a Unix domain socket (native epoll, one event-loop thread for all of them). */
  public ManagedChannel uds(Path socket) {
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .eventLoopGroup(udsGroup())
            .channelType(EpollDomainSocketChannel.class);
    return track(configure(b, directExecutor));
  }

  /** A channel whose callbacks run on the transport thread, for timing stream events. */
  public ManagedChannel tcpDirect(int port) {
    return track(configure(NettyChannelBuilder.forAddress("127.0.0.1", port), true));
  }

  private static NettyChannelBuilder configure(NettyChannelBuilder b, boolean direct) {
    b.usePlaintext().maxInboundMessageSize(16 << 20);
    if (direct) b.directExecutor();
    return b;
  }

  private synchronized EventLoopGroup udsGroup() {
    if (udsGroup == null) udsGroup = new EpollEventLoopGroup(1);
    return udsGroup;
  }

  private ManagedChannel track(NettyChannelBuilder b) {
    ManagedChannel c = b.build();
    open.add(c);
    return c;
  }

  @Override
  public void close() {
    open.forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel c : open) {
      try {
        c.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (udsGroup != null) udsGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
