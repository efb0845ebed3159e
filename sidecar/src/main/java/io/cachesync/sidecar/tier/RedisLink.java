package io.cachesync.sidecar.tier;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.transport.RedisConnector;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The data connection to Redis (L2 and the write-behind streams): string keys, byte values. It
 * connects in the background ({@link #start}, a {@link RedisConnector}); once connected, Lettuce
 * reconnects by itself. Request threads never wait for a connect: they get null and treat it like a
 * failed command.
 */
public final class RedisLink implements AutoCloseable {
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisConfig config;
  private final ScheduledExecutorService scheduler;
  private final RedisConnector<StatefulRedisConnection<String, byte[]>> connector;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  public RedisLink(RedisConfig config) {
    this.config = config;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cachesync-redis-link");
              t.setDaemon(true);
              return t;
            });
    this.connector =
        new RedisConnector<>(
            "the data link", config, scheduler, c -> ((RedisClient) c).connect(CODEC));
  }

  /**
   * Starts connecting in the background; {@code onConnected} runs once it is connected. Only the
   * first call starts anything: a config reload that adds the first L2 cache calls it again.
   */
  public void start(Runnable onConnected) {
    if (!started.compareAndSet(false, true)) return;
    connector
        .connected()
        .thenRun(
            () -> {
              if (!closed) onConnected.run();
            });
    connector.start();
  }

  /**
   * Waits up to {@code max} for the connection (after {@link #start}); whether it is there. For a
   * config reload that brings the first L2 cache: its requests should find the tier connected.
   */
  public boolean awaitConnected(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (connector.connection() == null && !closed && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(1_000_000);
    }
    return connector.connection() != null;
  }

  /** The async commands, or null while Redis has never been reachable. */
  public RedisAsyncCommands<String, byte[]> commands() {
    StatefulRedisConnection<String, byte[]> c = connector.connection();
    return c == null ? null : c.async();
  }

  /** A connection of its own for blocking loops (write-behind flushers); the caller closes it. */
  public StatefulRedisConnection<String, byte[]> dedicated() {
    connector.connectNow();
    RedisClient c = (RedisClient) connector.client();
    if (c == null) throw new IllegalStateException("Redis at " + config.url() + " is unreachable");
    return c.connect(CODEC);
  }

  @Override
  public synchronized void close() {
    closed = true;
    scheduler.shutdownNow();
    StatefulRedisConnection<String, byte[]> c = connector.connection();
    if (c != null) c.close();
    connector.close();
  }
}
