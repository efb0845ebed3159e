package io.cachesync.sidecar.transport;

import io.cachesync.sidecar.config.RedisConfig;
import io.lettuce.core.AbstractRedisClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one user of Redis (the bus, the keyspace listener, the data link) in the background
 * until Redis answers: 100 ms between attempts at first, doubling to 2 s. The first failure is
 * logged once and the recovery once; {@link #whyNotConnected} says what the last attempt ran into.
 * It stops at the first success: from then on Lettuce reconnects by itself.
 *
 * @param <T> what an attempt opens on a fresh client: a connection, or the user's set of them. An
 *     attempt that throws has its client shut down, with whatever it had opened. The client is a
 *     {@code RedisClient} (Standalone, Sentinel) or a {@code RedisClusterClient} (Cluster), as
 *     {@link RedisClients#client} made it for the mode.
 */
public final class RedisConnector<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
  static final long FIRST_DELAY_MILLIS = 100;
  static final long MAX_DELAY_MILLIS = 2_000;

  private final String user;
  private final RedisConfig config;
  private final ScheduledExecutorService scheduler;
  private final Function<AbstractRedisClient, T> attempt;
  private final CompletableFuture<T> connected = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Object attempting = new Object(); // one attempt at a time, whichever thread
  private volatile String whyNot;
  private int failures; // guarded by attempting
  private long delayMillis = FIRST_DELAY_MILLIS; // the scheduler's thread only
  private AbstractRedisClient client; // guarded by this
  private boolean closed; // guarded by this

  /**
   * @param user who connects, for the log: "the invalidation bus"
   * @param scheduler a single thread the background attempts run on; the user's own
   */
  public RedisConnector(
      String user,
      RedisConfig config,
      ScheduledExecutorService scheduler,
      Function<AbstractRedisClient, T> attempt) {
    this.user = user;
    this.config = config;
    this.scheduler = scheduler;
    this.attempt = attempt;
    this.whyNot = "connecting to Redis at " + config.url();
  }

  /** Starts the background attempts; later calls do nothing. */
  public void start() {
    if (started.compareAndSet(false, true)) schedule(0);
  }

  /** Completes with what the first successful attempt opened, on the thread that made it. */
  public CompletableFuture<T> connected() {
    return connected;
  }

  /** What the successful attempt opened, or null before it. */
  public T connection() {
    return connected.getNow(null);
  }

  /** The client of the successful attempt, or null before it (and after {@link #close}). */
  public synchronized AbstractRedisClient client() {
    return client;
  }

  /**
   * Why there is no connection yet, e.g. "Redis at ... is unreachable: ..."; empty once there is.
   */
  public String whyNotConnected() {
    return whyNot;
  }

  /**
   * One attempt on the caller's thread, for a caller that cannot wait for the background ones; what
   * is open, or null when Redis does not answer (or the connector is closed).
   */
  public T connectNow() {
    synchronized (attempting) {
      if (connected.isDone()) return connection();
      if (isClosed()) return null;
      AbstractRedisClient c = null;
      try {
        c = RedisClients.client(config);
        T opened = attempt.apply(c);
        synchronized (this) {
          if (closed) {
            c.shutdownAsync(0, 1, TimeUnit.SECONDS);
            return null;
          }
          client = c;
        }
        if (failures > 0) {
          log.info(
              "Redis at {} answers: {} connected after {} failed attempts", url(), user, failures);
        }
        whyNot = "";
        connected.complete(opened);
        return opened;
      } catch (RuntimeException e) {
        if (c != null) c.shutdownAsync(0, 1, TimeUnit.SECONDS); // the shared resources stay
        whyNot = ConnectFailure.describe(e, config);
        if (failures++ == 0) {
          log.warn("{} ({}); retrying", whyNot, user);
        } else {
          log.debug("{} ({}); attempt {}", whyNot, user, failures);
        }
        return null;
      }
    }
  }

  private void inBackground() {
    if (connectNow() != null || isClosed()) return;
    schedule(delayMillis);
    delayMillis = Math.min(delayMillis * 2, MAX_DELAY_MILLIS);
  }

  private void schedule(long millis) {
    try {
      scheduler.schedule(this::inBackground, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the user is closing: nothing more to do
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Stops the attempts and shuts the client down: close what was opened on it first. */
  @Override
  public void close() {
    AbstractRedisClient c;
    synchronized (this) {
      closed = true;
      c = client;
      client = null;
    }
    if (c != null) c.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private String url() {
    return config.url();
  }

  /** The innermost cause's message: Lettuce wraps the one that says what is wrong. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
