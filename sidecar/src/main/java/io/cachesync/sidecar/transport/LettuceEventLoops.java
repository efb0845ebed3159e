package io.cachesync.sidecar.transport;

import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce the shared event-loop group when it asks for that kind of group (epoll or NIO, as
 * Lettuce picks its transport from the classpath), and its own default groups for anything else.
 * Lettuce never shuts the shared group down: it belongs to the process.
 */
public final class LettuceEventLoops implements EventLoopGroupProvider {
  private final EventLoopGroup shared;
  private final DefaultEventLoopGroupProvider fallback;

  public LettuceEventLoops(EventLoopGroup shared, int threads) {
    this.shared = shared;
    this.fallback = new DefaultEventLoopGroupProvider(threads);
  }

  @Override
  public <T extends EventLoopGroup> T allocate(Class<T> type) {
    if (type.isInstance(shared)) return type.cast(shared);
    return fallback.allocate(type);
  }

  @Override
  public int threadPoolSize() {
    return fallback.threadPoolSize();
  }

  @Override
  public Future<Boolean> release(
      EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
    if (group == shared) return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    return fallback.release(group, quietPeriod, timeout, unit);
  }

  @Override
  public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
    return fallback.shutdown(quietPeriod, timeout, unit);
  }
}
