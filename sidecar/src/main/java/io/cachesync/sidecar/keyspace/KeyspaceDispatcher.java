package io.cachesync.sidecar.keyspace;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the keyevent channels on the subscription's single I/O thread: channel to kind, Redis key
 * to cache key, own echoes skipped, the rest to the sink. Whatever arrives, and whatever the sink
 * does, nothing throws out of here; failures are counted.
 */
final class KeyspaceDispatcher extends RedisPubSubAdapter<String, String> {
  private static final Logger log = LoggerFactory.getLogger(KeyspaceDispatcher.class);

  private final Map<String, KeyspaceEventKind> kindByChannel = new HashMap<>();
  private final List<String> channels;
  private final String setChannel;
  private final String expireChannel;
  private volatile KeyPrefixes prefixes; // replaced when a config reload changes the caches
  private final EchoFilter echoes;
  private final KeyspaceSink sink;
  private final Runnable onSubscribed;
  final LongAdder applied = new LongAdder();
  final LongAdder echoesIgnored = new LongAdder();
  final LongAdder unmatched = new LongAdder();
  final LongAdder failed = new LongAdder();
  private String lastSetEcho; // the I/O thread only
  private long lastFailureLogNanos;

  KeyspaceDispatcher(
      int db,
      List<String> events,
      KeyPrefixes prefixes,
      EchoFilter echoes,
      KeyspaceSink sink,
      Runnable onSubscribed) {
    for (String event : events) kindByChannel.put(channel(db, event), KeyspaceEventKind.of(event));
    this.channels = events.stream().map(e -> channel(db, e)).distinct().toList();
    this.setChannel = channel(db, "set");
    this.expireChannel = channel(db, "expire");
    this.prefixes = prefixes;
    this.echoes = echoes;
    this.sink = sink;
    this.onSubscribed = onSubscribed;
  }

  static String channel(int db, String event) {
    return "__keyevent@" + db + "__:" + event;
  }

  void prefixes(KeyPrefixes next) {
    prefixes = next;
  }

  KeyPrefixes prefixes() {
    return prefixes;
  }

  List<String> channels() {
    return channels;
  }

  /** Fires once all channels are confirmed: Redis counts them 1..n per SUBSCRIBE. */
  @Override
  public void subscribed(String channel, long count) {
    if (count == channels.size() && kindByChannel.containsKey(channel)) onSubscribed.run();
  }

  @Override
  public void message(String channel, String redisKey) {
    String setEcho = lastSetEcho;
    lastSetEcho = null;
    try {
      KeyspaceEventKind kind = kindByChannel.get(channel);
      if (kind == null || redisKey == null) return;
      Optional<KeyPrefixes.Match> match = prefixes.match(redisKey);
      if (match.isEmpty()) {
        unmatched.increment();
        return;
      }
      if (isEcho(channel, redisKey, setEcho)) {
        echoesIgnored.increment();
        return;
      }
      sink.onKeyspaceEvent(match.get().cache(), match.get().key(), kind);
      applied.increment();
    } catch (RuntimeException e) {
      failed.increment();
      long now = System.nanoTime();
      if (now - lastFailureLogNanos > 10_000_000_000L) { // one line per 10 s, whatever the flood
        lastFailureLogNanos = now;
        log.error("a keyspace event {} for {} could not be applied", channel, redisKey, e);
      }
    }
  }

  /**
   * An expected event is an own write's echo. A SET with PX sends {@code set} and then {@code
   * expire} for the key, back to back in the stream, for one expectation: the {@code expire} right
   * after an echoed {@code set} of the same key belongs to that echo.
   */
  private boolean isEcho(String channel, String redisKey, String setEcho) {
    if (channel.equals(expireChannel) && redisKey.equals(setEcho)) return true;
    if (!echoes.consume(redisKey)) return false;
    if (channel.equals(setChannel)) lastSetEcho = redisKey;
    return true;
  }
}
