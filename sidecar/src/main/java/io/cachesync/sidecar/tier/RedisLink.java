package io.cachesync.sidecar.tier;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.sync.RedisConnector;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data connection to Redis (L2 and the write-behind streams): string keys, byte values. It
 * connects in the background ({@link #start}), trying again every second while Redis is down at
 * start; once connected, Lettuce reconnects by itself. Request threads never wait for a connect:
 * they get null and treat it like a failed command.
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final long RETRY_NANOS = 1_000_000_000L;

  private final RedisConfig config;
  private volatile RedisClient client;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  public RedisLink(RedisConfig config) {
    this.config = config;
  }

  /**
   * Starts connecting in the background; {@code onConnected} runs once it is connected. Only the
   * first call starts anything: a config reload that adds the first L2 cache calls it again.
   */
  public void start(Runnable onConnected) {
    if (!started.compareAndSet(false, true)) return;
    Thread t =
        new Thread(
            () -> {
              while (!closed && !connectNow()) {
                java.util.concurrent.locks.LockSupport.parkNanos(RETRY_NANOS);
              }
              if (!closed) onConnected.run();
            },
            "cachesync-redis-link");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Waits up to {@code max} for the connection (after {@link #start}); whether it is there. For a
   * config reload that brings the first L2 cache: its requests should find the tier connected.
   */
  public boolean awaitConnected(java.time.Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (connection == null && !closed && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    return connection != null;
  }

  /** The async commands, or null while Redis has never been reachable. */
  public RedisAsyncCommands<String, byte[]> commands() {
    StatefulRedisConnection<String, byte[]> c = connection;
    return c == null ? null : c.async();
  }

  /** A connection of its own for blocking loops (write-behind flushers); the caller closes it. */
  public StatefulRedisConnection<String, byte[]> dedicated() {
    connectNow();
    RedisClient c = client;
    if (c == null) throw new IllegalStateException("Redis at " + config.url() + " is unreachable");
    return c.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  private synchronized boolean connectNow() {
    if (connection != null) return true;
    if (closed) return false;
    RedisClient c = null;
    try {
      c = RedisConnector.client(config);
      connection = c.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      client = c;
      return true;
    } catch (RuntimeException e) {
      log.debug("L2 connection to {} failed: {}", config.url(), e.toString());
      if (c != null) {
        c.shutdownAsync(0, 1, TimeUnit.SECONDS); // the shared resources stay
      }
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) connection.close();
    RedisClient c = client;
    if (c != null) {
      c.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
