package io.cachesync.sidecar.tier;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.transport.RedisConnector;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
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
 *
 * <p>In Cluster mode ({@code redis.mode: Cluster}) it is one cluster connection that routes every
 * command to the master of its key's slot and follows failovers and slot moves; callers see the
 * same commands in every mode ({@link RedisClusterAsyncCommands}) and ask {@link #cluster} where a
 * multi-key script must be split by slot.
 */
public final class RedisLink implements AutoCloseable {
  private final RedisConfig config;
  private final ScheduledExecutorService scheduler;
  private final RedisConnector<DataConnection> connector;
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
    this.connector = new RedisConnector<>("the data link", config, scheduler, DataConnection::open);
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
  public RedisClusterAsyncCommands<String, byte[]> commands() {
    DataConnection c = connector.connection();
    return c == null ? null : c.async();
  }

  /** Whether Redis is a cluster: a script's keys must then share one slot ({@link SlotGroups}). */
  public boolean cluster() {
    return config.mode() == RedisMode.Cluster;
  }

  /**
   * A connection of its own for blocking loops (write-behind flushers), on the same client (in
   * Cluster mode a cluster connection, whose blocking reads go to the stream's master); the caller
   * closes it.
   */
  public DataConnection dedicated() {
    connector.connectNow();
    AbstractRedisClient c = connector.client();
    if (c == null) throw new IllegalStateException("Redis at " + config.url() + " is unreachable");
    return DataConnection.open(c);
  }

  @Override
  public synchronized void close() {
    closed = true;
    scheduler.shutdownNow();
    DataConnection c = connector.connection();
    if (c != null) c.close();
    connector.close();
  }
}
