package io.cachesync.sidecar.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one Netty event-loop group of the process: the gRPC servers, the loader's gRPC client and
 * every Lettuce connection run on it. One group instead of one per library means fewer threads and
 * buffer arenas, and an invalidation that arrives on a Redis connection can be written to a Watch
 * stream or answered to an Invalidate on the same thread when both channels share a loop, without
 * waking another one (docs/BENCHMARKS.md, "One Netty").
 *
 * <p>Native epoll where Netty has it (Linux x86_64 and aarch64), NIO elsewhere or when Lettuce's
 * epoll is turned off (the two must agree: {@link #LETTUCE_EPOLL}). The threads are daemons and
 * live as long as the process: a sidecar process holds one {@code Sidecar}, and tests that start
 * several in one JVM share the group as pods on a node share the CPU.
 */
public final class SharedEventLoops {
  /**
   * Threads in the group: one per CPU the container may use, and never fewer than two, so that a
   * long handler (a clear of a large cache, a big GetMany) never holds up every Redis connection
   * and call at once.
   */
  public static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /**
   * Lettuce's own switch for native epoll. It must agree with the group's transport: Lettuce asks
   * for a group by a type that both transports' groups satisfy, and an NIO channel on an epoll loop
   * fails to register.
   */
  static final String LETTUCE_EPOLL = "io.lettuce.core.epoll";

  private static final class Holder {
    static final EventLoopGroup GROUP = create();
  }

  private SharedEventLoops() {}

  public static EventLoopGroup group() {
    return Holder.GROUP;
  }

  /**
   * Native epoll: where Netty has it, unless turned off with {@code -Dio.lettuce.core.epoll=false}.
   */
  public static boolean epoll() {
    // read as Lettuce reads it
    return Epoll.isAvailable() && Boolean.parseBoolean(System.getProperty(LETTUCE_EPOLL, "true"));
  }

  public static Class<? extends ServerChannel> serverChannelType() {
    return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends Channel> clientChannelType() {
    return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  @SuppressWarnings("deprecation") // the 4.1-style groups are what gRPC and Lettuce still ask for
  private static EventLoopGroup create() {
    DefaultThreadFactory threads = new DefaultThreadFactory("cachesync-io", true);
    return epoll()
        ? new EpollEventLoopGroup(THREADS, threads)
        : new NioEventLoopGroup(THREADS, threads);
  }
}
