package io.cachesync.sidecar.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The shared event loops, with channels placed so that a call and the Redis round trips it waits
 * for run on one thread. Every connection the sidecar opens (Redis, the loader) and every listening
 * socket lives on the <em>home</em> loop; a connection an application opens goes to the loop with
 * the fewest such connections open, the home loop first among equals.
 *
 * <p>Why: an Invalidate that arrives on one loop and publishes on a Redis connection of another
 * hands the frame over (a wake-up), the acknowledgement comes back on the other loop, and the
 * answer is handed back (a second one), around the read of the sidecar's own frame; a peer that
 * reads a frame on one loop and writes the event to a Watch stream on another wakes a second thread
 * too. On a node with more runnable threads than cores each wake-up can wait for a core, and those
 * waits are the propagation tail (docs/BENCHMARKS.md). A pod's application usually holds one
 * connection to its sidecar: it lands on the home loop with the Redis connections, and a write runs
 * to its answer without leaving the thread. Further connections spread over the other loops, so an
 * application with several keeps the parallelism it had.
 */
final class HomeLoopGroup extends MultiThreadIoEventLoopGroup {
  private final List<EventLoop> loops = new ArrayList<>();

  /** Open application connections per loop; guarded by itself. */
  private final Map<EventLoop, Integer> accepted = new IdentityHashMap<>();

  HomeLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory io) {
    super(threads, threadFactory, io);
    for (EventExecutor e : this) {
      loops.add((EventLoop) e);
      accepted.put((EventLoop) e, 0);
    }
  }

  /** Where the sidecar's own connections and listeners live. */
  EventLoop home() {
    return loops.get(0);
  }

  @Override
  public ChannelFuture register(Channel channel) {
    return place(channel).register(channel);
  }

  @Override
  public ChannelFuture register(ChannelPromise promise) {
    return place(promise.channel()).register(promise);
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation") // part of the interface until Netty 5
  public ChannelFuture register(Channel channel, ChannelPromise promise) {
    return place(channel).register(channel, promise);
  }

  /** The loop for {@code channel}, counted until it closes when an application opened it. */
  EventLoop place(Channel channel) {
    if (channel.parent() == null) return home(); // ours: Redis, the loader, a listening socket
    EventLoop chosen;
    synchronized (accepted) {
      chosen = home();
      for (EventLoop loop : loops) if (accepted.get(loop) < accepted.get(chosen)) chosen = loop;
      accepted.merge(chosen, 1, Integer::sum);
    }
    EventLoop counted = chosen;
    channel
        .closeFuture()
        .addListener(
            f -> {
              synchronized (accepted) {
                accepted.merge(counted, -1, Integer::sum);
              }
            });
    return chosen;
  }
}
