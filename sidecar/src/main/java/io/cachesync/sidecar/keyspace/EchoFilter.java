package io.cachesync.sidecar.keyspace;

import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Recognises the keyspace events of the sidecar's own L2 writes, so their echo does not evict the
 * fresh L1 entry the write just installed. The sidecar calls {@link #expect} right before it writes
 * or deletes a key in Redis; the listener calls {@link #consume} for each event and ignores those
 * that were expected.
 *
 * <p>An expectation is forgotten after a short window (an echo takes milliseconds; one that never
 * comes, such as a DEL of a missing key, must not hide a later foreign write for long), and at most
 * {@code maxOutstanding} are kept, the oldest dropped first. A key that is not expected costs one
 * lock-free map lookup; the rest runs under a short lock.
 */
public final class EchoFilter {
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

  /**
   * Whether the echoes of the sidecar's own L2 writes reach a listener of {@code events}: its SETs
   * send {@code set} and its UNLINKs {@code del}. Only then may they be expected: an expectation no
   * echo consumes would be consumed by the next foreign event on the key instead, e.g. an outside
   * DEL right after an own fill when only {@code del} is heard, and that invalidation would be lost
   * (a stale L1 copy until its TTL).
   */
  public static boolean echoesHeard(KeyspaceNotificationsConfig events) {
    return events.events().contains("set") && events.events().contains("del");
  }

  public static final int DEFAULT_MAX_OUTSTANDING = 100_000;

  /** The expectations for one key: how many, and the newest one's id and deadline. */
  private record Pending(int count, long id, long deadline) {}

  /** One {@link #expect} call, in arrival order; stale once a newer one for its key exists. */
  private record Stamp(String key, long id, long deadline) {}

  private final long windowNanos;
  private final int maxOutstanding;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final ArrayDeque<Stamp> arrivals = new ArrayDeque<>(); // guarded by this
  private long lastId; // guarded by this
  private final LongAdder expected = new LongAdder();
  private final LongAdder consumed = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  public EchoFilter() {
    this(DEFAULT_WINDOW, DEFAULT_MAX_OUTSTANDING);
  }

  public EchoFilter(Duration window, int maxOutstanding) {
    this(window, maxOutstanding, System::nanoTime);
  }

  EchoFilter(Duration window, int maxOutstanding, LongSupplier nanoClock) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding must be positive, got " + maxOutstanding);
    }
    this.windowNanos = window.toNanos();
    this.maxOutstanding = maxOutstanding;
    this.nanoClock = nanoClock;
  }

  /**
   * The sidecar is about to write or delete {@code redisKey} itself: ignore one event for it. One
   * call per command; a SET with PX counts as one although Redis sends set and expire for it.
   */
  public void expect(String redisKey) {
    synchronized (this) {
      long now = nanoClock.getAsLong(); // read under the lock, so deadlines follow arrival order
      long id = ++lastId;
      long deadline = now + windowNanos;
      Pending p = pending.get(redisKey);
      pending.put(redisKey, new Pending(p == null ? 1 : p.count() + 1, id, deadline));
      arrivals.addLast(new Stamp(redisKey, id, deadline));
      sweep(now);
      while (arrivals.size() > maxOutstanding) forget(arrivals.pollFirst(), dropped);
    }
    expected.increment();
  }

  /**
   * Whether an event for {@code redisKey} is the echo of an own write; if so, one expectation is
   * used up and the event should be ignored.
   */
  public boolean consume(String redisKey) {
    if (!pending.containsKey(redisKey)) return false;
    synchronized (this) {
      sweep(nanoClock.getAsLong());
      if (!take(redisKey)) return false;
    }
    consumed.increment();
    return true;
  }

  /**
   * Withdraws one expectation whose write will send no event (it failed, or it deleted a key that
   * was not there), so it cannot swallow a foreign write's event.
   */
  public void cancel(String redisKey) {
    if (!pending.containsKey(redisKey)) return;
    synchronized (this) {
      take(redisKey);
    }
  }

  public long expected() {
    return expected.sum();
  }

  public long consumed() {
    return consumed.sum();
  }

  /** Expectations whose echo did not come within the window. */
  public long expired() {
    return expired.sum();
  }

  /** Expectations dropped to stay within {@code maxOutstanding}; their echo evicts the entry. */
  public long dropped() {
    return dropped.sum();
  }

  /** Keys with an expectation outstanding. */
  public int outstandingKeys() {
    return pending.size();
  }

  private boolean take(String key) {
    Pending p = pending.get(key);
    if (p == null) return false;
    if (p.count() == 1) pending.remove(key);
    else pending.put(key, new Pending(p.count() - 1, p.id(), p.deadline()));
    return true;
  }

  /** Deadlines grow along {@link #arrivals}, so everything expired sits at its head. */
  private void sweep(long now) {
    Stamp head;
    while ((head = arrivals.peekFirst()) != null && head.deadline() - now <= 0) {
      forget(arrivals.pollFirst(), expired);
    }
  }

  /** Drops the key's expectations if this stamp is its newest; a stale stamp holds nothing. */
  private void forget(Stamp stamp, LongAdder counter) {
    Pending p = pending.get(stamp.key());
    if (p != null && p.id() == stamp.id()) {
      pending.remove(stamp.key());
      counter.add(p.count());
    }
  }
}
