package io.cachesync.sidecar.tier.writebehind;

import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.sidecar.loader.StoreOfRecord;
import io.cachesync.sidecar.tier.DataConnection;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one WriteBehind cache's stream into the store of record, in batches, as one consumer of the
 * group all sidecars share.
 *
 * <p>Delivery is <b>at least once</b>: a batch is acknowledged only after the store accepted it, so
 * a sidecar that dies between the two, a store call that times out but went through, or a takeover
 * of a slow consumer's entries hands the same writes to the store again. {@link StoreOfRecord}
 * implementations must therefore be idempotent (a write sets the value, a delete of a missing key
 * succeeds).
 *
 * <p>Order per key: a batch holds each key once, with its latest write; a failed batch is retried
 * as it is, with exponential backoff, before anything newer is read; while retrying, the flusher
 * keeps its entries from looking idle so no other sidecar takes them over. What it cannot order is
 * a takeover after a crash: entries a dead sidecar held are flushed by whoever claims them,
 * possibly after a newer write of the same key went through another sidecar.
 *
 * <p>The loop runs on a daemon thread of its own with blocking Redis calls on its own connection;
 * the request path only appends ({@link WriteBehindStream#append}). It is, in order of priority:
 * this consumer's own pending entries (at start and after any doubt about what it holds), entries
 * idle for {@code claimIdle} under any consumer (checked every {@code claimIdle / 2}), then new
 * entries, gathered for up to {@code flushInterval} or {@code maxBatch} entries. Redis outages are
 * logged once, waited out with backoff, and survived.
 *
 * <p>Two ways to stop. {@link #close} stops after the batch in hand and leaves the rest of the
 * stream to other sidecars or a restart: right when the sidecar shuts down, or when a new flusher
 * of the same stream takes over. {@link #drain} is for a cache that a config reload removed or took
 * out of WriteBehind: every sidecar reads the same config, so no other flusher will ever read its
 * stream; this one carries on until the stream is empty, then stops by itself.
 */
public final class WriteBehindFlusher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteBehindFlusher.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final long DEPTH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final String SCAN_DONE = "0-0";
  private static final Duration DEFER_PAUSE = Duration.ofMillis(20);

  private final String cache;
  private final WriteBehindStream stream;
  private final String consumerName;
  private final WriteBehindConfig config;
  private final StoreOfRecord store;
  private final Supplier<DataConnection> connector;
  private final WriteBehindCounters counters = new WriteBehindCounters();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Thread thread;

  /** How often a store call that is still running renews our hold: below claimIdle. */
  private final Duration storeTimeout;

  private final Backoff storeBackoff;
  private final Backoff redisBackoff;

  private volatile DataConnection connection;

  // Owned by the flusher thread.
  private GroupConsumer consumer;
  private long blockMillis;
  private boolean ownPendingFirst = true;
  private String claimCursor = SCAN_DONE;
  private long nextClaimNanos;
  private long nextDepthNanos;
  private boolean redisTrouble;

  /**
   * @param cache the cache name the store receives
   * @param stream the cache's stream
   * @param consumerName this sidecar's name in the group; a stable one (the pod name) lets a
   *     restarted pod flush what it held before it died without waiting for {@code claimIdle}
   * @param connector opens a connection for this flusher alone (its reads block); the flusher
   *     closes it. Called again, with backoff, while it fails.
   */
  public WriteBehindFlusher(
      String cache,
      WriteBehindStream stream,
      String consumerName,
      WriteBehindConfig config,
      StoreOfRecord store,
      Supplier<DataConnection> connector) {
    this.cache = cache;
    this.stream = stream;
    this.consumerName = consumerName;
    this.config = config;
    this.store = store;
    this.connector = connector;
    Duration halfClaimIdle = config.claimIdle().dividedBy(2);
    this.storeTimeout = halfClaimIdle;
    Duration maxBackoff =
        config.maxBackoff().compareTo(halfClaimIdle) < 0 ? config.maxBackoff() : halfClaimIdle;
    this.storeBackoff = new Backoff(FIRST_RETRY, maxBackoff);
    this.redisBackoff = new Backoff(FIRST_RETRY, maxBackoff);
    this.thread = new Thread(this::run, "cachesync-write-behind-" + cache);
    this.thread.setDaemon(true);
  }

  /** Starts the loop; it connects in the background. */
  public void start() {
    if (started.compareAndSet(false, true)) thread.start();
  }

  public WriteBehindCounters counters() {
    return counters;
  }

  /**
   * Asks the flusher to stop once everything in its stream is stored: it goes on reading new
   * entries, its own pending ones and idle ones of other consumers, and stops when the stream is
   * empty (acknowledged entries are deleted, so an empty stream means every write reached the
   * store). Returns at once. {@link #close} still stops it at any time, leaving the rest in the
   * stream as it would for any flusher. A flusher not started yet drains once {@link #start}ed.
   */
  public void drain() {
    if (!draining.compareAndSet(false, true)) return;
    log.info(
        "write-behind flusher of cache {} draining {}: it stops once every entry is stored",
        cache,
        stream.key());
  }

  /** True once the loop has ended (closed, or drained); false before {@link #start}. */
  public boolean stopped() {
    return started.get() && !thread.isAlive();
  }

  /**
   * Stops the loop once the batch in hand is stored and acknowledged, waiting at most a few
   * seconds; a batch not stored by then stays pending in the group (flushed later by this consumer
   * name or claimed by another sidecar), never acknowledged.
   */
  @Override
  public void close() {
    if (closing.getCount() == 0) return;
    closing.countDown();
    if (started.get()) {
      try {
        thread.join(CLOSE_WAIT.toMillis());
        if (thread.isAlive()) {
          log.warn(
              "write-behind flusher of cache {} still busy after {}; interrupting it",
              cache,
              CLOSE_WAIT);
          thread.interrupt();
          thread.join(CLOSE_WAIT.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    disconnect();
  }

  private void run() {
    try {
      while (!isClosing()) {
        try {
          if (consumer == null) connect();
          FlushBatch batch = nextBatch();
          redisIsFine();
          if (batch != null) flush(batch);
          else if (draining.get() && drained()) break;
          refreshDepthIfDue();
        } catch (RuntimeException e) {
          redisFailed(e);
        }
      }
    } finally {
      disconnect();
      log.info("write-behind flusher of cache {} stopped", cache);
    }
  }

  /**
   * Whether a draining flusher is done: nothing new came, and the stream is empty, so nothing is
   * pending anywhere in the group either. Its stored-ids hash goes too, nothing being pending.
   */
  private boolean drained() {
    long depth = consumer.depth();
    counters.queueDepth = depth;
    if (depth > 0) return false;
    trimStored();
    log.info(
        "write-behind flusher of cache {} drained {}: every entry is stored", cache, stream.key());
    return true;
  }

  private void connect() {
    DataConnection c = connector.get();
    try {
      join(WriteBehindStream.createGroup(c.async(), stream.key()), c.getTimeout());
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    connection = c;
    consumer = new GroupConsumer(stream.key(), consumerName, c);
    // a BLOCK longer than the command timeout would be cut off by the client as a timeout
    blockMillis =
        Math.max(1, Math.min(config.flushInterval().toMillis(), c.getTimeout().toMillis() / 2));
    nextClaimNanos = System.nanoTime();
    nextDepthNanos = System.nanoTime();
    log.info(
        "write-behind flusher of cache {} consuming {} as {} in group {}",
        cache,
        stream.key(),
        consumerName,
        WriteBehindStream.GROUP);
  }

  /** Own pending entries first, then takeovers, then new entries; null when there is nothing. */
  private FlushBatch nextBatch() {
    if (ownPendingFirst) {
      List<StreamMessage<String, byte[]>> pending = consumer.readOwnPending(config.maxBatch());
      if (!pending.isEmpty()) return FlushBatch.of(pending);
      ownPendingFirst = false;
    }
    if (!SCAN_DONE.equals(claimCursor) || System.nanoTime() - nextClaimNanos >= 0) {
      FlushBatch claimed = claim();
      if (claimed != null) return claimed;
    }
    return collectNew();
  }

  private FlushBatch claim() {
    ClaimedMessages<String, byte[]> claimed =
        consumer.claimIdle(claimCursor, config.claimIdle(), config.maxBatch());
    claimCursor = claimed.getId() == null ? SCAN_DONE : claimed.getId();
    if (SCAN_DONE.equals(claimCursor)) {
      nextClaimNanos = System.nanoTime() + Math.max(1, config.claimIdle().toNanos() / 2);
      long forgotten = consumer.forgetIdleConsumers(config.claimIdle());
      if (forgotten > 0) {
        log.info(
            "write-behind group of cache {}: removed {} consumers idle for over {} holding nothing",
            cache,
            forgotten,
            config.claimIdle());
      }
      trimStored();
    }
    List<StreamMessage<String, byte[]>> messages = claimed.getMessages();
    if (messages.isEmpty()) return null;
    counters.entriesClaimed.add(messages.size());
    log.info(
        "write-behind flusher of cache {} took over {} entries idle for over {}",
        cache,
        messages.size(),
        config.claimIdle());
    return FlushBatch.of(messages);
  }

  /** Waits for a first new entry, then gathers more until flushInterval passed or maxBatch. */
  private FlushBatch collectNew() {
    List<StreamMessage<String, byte[]>> first = consumer.readNew(config.maxBatch(), blockMillis);
    if (first.isEmpty()) return null;
    List<StreamMessage<String, byte[]>> all = new ArrayList<>(first);
    long deadline = System.nanoTime() + config.flushInterval().toNanos();
    while (all.size() < config.maxBatch() && !isClosing()) {
      // BLOCK 0 would mean forever, so stop when under a millisecond remains
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remaining < 1) break;
      all.addAll(
          consumer.readNew(config.maxBatch() - all.size(), Math.min(remaining, blockMillis)));
    }
    return FlushBatch.of(all);
  }

  /**
   * Stores the batch, retrying it as it is until it succeeds, then acknowledges it. Keys another
   * sidecar is storing right now are left pending for a later round, so two stores of one key are
   * never in flight at once.
   */
  private void flush(FlushBatch found) {
    FlushBatch batch = claimed(withoutSuperseded(found));
    boolean deferred = batch.ids().size() < found.ids().size();
    storeBackoff.reset();
    while (!batch.entries().isEmpty() && !stored(batch)) {
      counters.storeFailures.increment();
      if (isClosing() || takenOver(batch) || pause(storeBackoff.next()) || takenOver(batch)) {
        return;
      }
      if (lostClaims(batch)) return;
    }
    acknowledge(batch);
    if (deferred) {
      ownPendingFirst = true; // the deferred keys wait among this consumer's pending entries
      pause(DEFER_PAUSE);
    }
  }

  /**
   * The batch without the keys a newer unflushed entry supersedes (acknowledged, not stored), and
   * without the keys another consumer is storing now (neither: they stay pending here). When Redis
   * fails here nothing is stored (it could race another sidecar's store of a key): the failure goes
   * to the run loop, which backs off and reads its pending entries again.
   */
  private FlushBatch claimed(FlushBatch batch) {
    if (batch.entries().isEmpty()) return batch;
    GroupConsumer.KeyClaims claims = consumer.claimKeys(batch.latestIds(), config.claimIdle());
    if (!claims.deferred().isEmpty()) {
      counters.keysDeferred.add(claims.deferred().size());
      log.debug(
          "write-behind flusher of cache {}: {} keys are being stored by another sidecar; later",
          cache,
          claims.deferred().size());
    }
    return batch.without(claims.superseded()).deferring(claims.deferred());
  }

  /**
   * Renews this consumer's claims while a store is retried; true when another consumer claimed one
   * of the batch's keys meanwhile (ours had run out), in which case this batch is dropped like a
   * taken-over one and what is still ours is read again from our pending entries.
   */
  private boolean lostClaims(FlushBatch batch) {
    try {
      if (consumer.claimKeys(batch.latestIds(), config.claimIdle()).deferred().isEmpty()) {
        return false;
      }
    } catch (RuntimeException e) {
      // the claim could not be renewed and may run out: retrying the store could race another
      // sidecar's, so drop the batch and read what is still ours again
      ownPendingFirst = true;
      return true;
    }
    log.warn(
        "write-behind flusher of cache {}: another sidecar claimed keys of a batch whose store was"
            + " being retried; leaving them to it",
        cache);
    ownPendingFirst = true;
    return true;
  }

  /**
   * Drops the keys a newer entry was already stored for (after a takeover, a dead consumer's older
   * entries come back). Two stores of one key in flight at once are not ordered by this; see the
   * write-behind section of docs/consistency.md. Without Redis nothing is stored: the failure goes
   * to the run loop, which backs off and reads its pending entries again.
   */
  private FlushBatch withoutSuperseded(FlushBatch batch) {
    Set<String> superseded = consumer.superseded(batch.latestIds(), remember());
    if (superseded.isEmpty()) return batch;
    log.debug(
        "write-behind flusher of cache {}: {} keys already stored newer; skipping them",
        cache,
        superseded.size());
    return batch.without(superseded);
  }

  /**
   * Forgets the stored ids no pending entry can be older than, which keeps the hash to the keys of
   * recent flushes instead of every key ever written. Best effort: the hash also expires.
   */
  private void trimStored() {
    try {
      long trimmed = consumer.trimStored();
      if (trimmed > 0) {
        log.debug("write-behind flusher of cache {}: forgot {} stored ids", cache, trimmed);
      }
    } catch (RuntimeException e) {
      log.debug("write-behind flusher of cache {}: trim failed: {}", cache, e.toString());
    }
  }

  /** How long the newest stored id per key is remembered: far beyond any takeover. */
  private Duration remember() {
    return Duration.ofMillis(
        Math.max(Duration.ofHours(1).toMillis(), config.claimIdle().toMillis() * 100));
  }

  /**
   * Calls Store once and waits for its answer, however long the call takes: a call given up on here
   * may still commit later, after a retry and after another sidecar stored a newer value of the
   * same key, which it would then overwrite. The call is bounded by its own deadline (the
   * CacheLoader client's {@code loader.timeout}); meanwhile, every {@code claimIdle / 2}, the
   * entries are kept from looking idle and the keys' store claims are renewed.
   */
  private boolean stored(FlushBatch batch) {
    try {
      CompletableFuture<Void> done = store.store(cache, batch.entries());
      boolean slowLogged = false;
      while (true) {
        try {
          done.get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
          return true;
        } catch (TimeoutException stillRunning) {
          if (!slowLogged) {
            slowLogged = true;
            log.warn(
                "store of {} entries of cache {} is taking over {}; waiting for its answer",
                batch.entries().size(),
                cache,
                storeTimeout);
          }
          keepHoldingQuietly(batch);
        }
      }
    } catch (ExecutionException e) {
      log.warn(
          "store of {} entries of cache {} failed, retrying: {}",
          batch.entries().size(),
          cache,
          String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() gave up waiting: stop without acknowledging
    } catch (RuntimeException e) {
      log.warn(
          "store of {} entries of cache {} failed, retrying: {}",
          batch.entries().size(),
          cache,
          e.toString());
    }
    return false;
  }

  /**
   * While a store call runs: the entries stay ours and the keys' claims stay fresh, if Redis
   * answers.
   */
  private void keepHoldingQuietly(FlushBatch batch) {
    try {
      consumer.keepHolding(batch.ids());
      consumer.claimKeys(batch.latestIds(), config.claimIdle());
    } catch (RuntimeException e) {
      log.debug(
          "write-behind flusher of cache {} cannot refresh its hold: {}", cache, e.toString());
    }
  }

  /**
   * Keeps holding the batch's entries while its store is retried; true when another consumer took
   * some over, in which case this batch is dropped (not acknowledged) and what is still ours is
   * read again from our pending entries.
   */
  private boolean takenOver(FlushBatch batch) {
    long lost;
    try {
      lost = consumer.keepHolding(batch.ids());
    } catch (RuntimeException e) {
      log.debug(
          "write-behind flusher of cache {} cannot refresh its hold: {}", cache, e.toString());
      return false;
    }
    if (lost == 0) return false;
    log.warn(
        "{} of {} entries of a write-behind batch of cache {} were taken over by another consumer;"
            + " leaving them to it",
        lost,
        batch.ids().size(),
        cache);
    ownPendingFirst = true;
    return true;
  }

  /** Acknowledges a stored batch, retrying through Redis outages (the store has it already). */
  private void acknowledge(FlushBatch batch) {
    while (true) {
      try {
        consumer.ackAndDelete(batch.ids(), batch.latestIds());
        break;
      } catch (RuntimeException e) {
        redisFailed(e);
        if (isClosing()) {
          log.warn(
              "write-behind flusher of cache {} closing with {} stored entries unacknowledged;"
                  + " they will be stored again",
              cache,
              batch.ids().size());
          return;
        }
      }
    }
    redisIsFine();
    counters.entriesFlushed.add(batch.ids().size());
    if (!batch.entries().isEmpty()) counters.batchesFlushed.increment(); // a Store call was made
    counters.lastFlushLagMillis = Math.max(0, System.currentTimeMillis() - batch.oldestMillis());
  }

  private void refreshDepthIfDue() {
    long now = System.nanoTime();
    if (now - nextDepthNanos < 0) return;
    nextDepthNanos = now + DEPTH_EVERY_NANOS;
    counters.queueDepth = consumer.depth();
  }

  /**
   * Whatever went wrong with Redis: log it once, wait, and re-read what we hold before going on.
   */
  private void redisFailed(RuntimeException e) {
    ownPendingFirst = true;
    DataConnection c = connection;
    if (String.valueOf(e.getMessage()).startsWith("NOGROUP") && c != null) {
      // Redis lost the stream (restarted empty): make the group again, then carry on
      log.info("write-behind group of cache {} is gone from Redis; creating it again", cache);
      try {
        join(WriteBehindStream.createGroup(c.async(), stream.key()), c.getTimeout());
        return;
      } catch (RuntimeException again) {
        e = again;
      }
    }
    if (!redisTrouble) {
      redisTrouble = true;
      log.warn(
          "write-behind flusher of cache {}: Redis failed, backing off: {}", cache, e.toString());
    } else {
      log.debug("write-behind flusher of cache {}: still failing: {}", cache, e.toString());
    }
    pause(redisBackoff.next());
  }

  private void redisIsFine() {
    redisBackoff.reset();
    if (redisTrouble) {
      redisTrouble = false;
      log.info("write-behind flusher of cache {}: Redis answers again", cache);
    }
  }

  /** Waits unless closing; true when closing. */
  private boolean pause(Duration delay) {
    try {
      return closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private boolean isClosing() {
    return closing.getCount() == 0 || Thread.currentThread().isInterrupted();
  }

  private static <T> T join(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Redis did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Called by the loop when it ends and by close(); whichever comes first closes. */
  private synchronized void disconnect() {
    DataConnection c = connection;
    connection = null;
    if (c != null) c.close();
  }
}
