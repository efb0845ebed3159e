package io.cachesync.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The channel to one sidecar and the event loop it may own. Calls run on the direct executor: a
 * sidecar answers from memory, so a hop to another thread would cost more than the answer.
 */
final class SidecarChannel implements AutoCloseable {
  private final ManagedChannel channel;
  private final EventLoopGroup group; // null: Netty's shared one, or a caller's channel
  private final boolean owned;

  private SidecarChannel(ManagedChannel channel, EventLoopGroup group, boolean owned) {
    this.channel = channel;
    this.group = group;
    this.owned = owned;
  }

  /** A channel the caller built and closes itself. */
  static SidecarChannel borrowed(ManagedChannel channel) {
    return new SidecarChannel(channel, null, false);
  }

  static SidecarChannel open(SidecarTarget target) {
    if (target instanceof SidecarTarget.Unix unix) {
      EventLoopGroup group =
          new MultiThreadIoEventLoopGroup(1, daemonThreads(), EpollIoHandler.newFactory());
      ManagedChannel ch =
          NettyChannelBuilder.forAddress(new DomainSocketAddress(unix.path()))
              .channelType(EpollDomainSocketChannel.class)
              .eventLoopGroup(group)
              .directExecutor()
              .usePlaintext()
              .build();
      return new SidecarChannel(ch, group, true);
    }
    SidecarTarget.Tcp tcp = (SidecarTarget.Tcp) target;
    ManagedChannel ch =
        NettyChannelBuilder.forAddress(tcp.host(), tcp.port())
            .directExecutor()
            .usePlaintext()
            .build();
    return new SidecarChannel(ch, null, true);
  }

  /** Whether epoll domain sockets work here (Linux with the native library on the classpath). */
  static boolean unixSocketsAvailable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    if (!owned) return;
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "cachesync-client-uds");
      t.setDaemon(true);
      return t;
    };
  }
}
