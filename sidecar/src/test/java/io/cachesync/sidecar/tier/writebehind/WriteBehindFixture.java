package io.cachesync.sidecar.tier.writebehind;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.sidecar.loader.StoreOfRecord;
import io.cachesync.sidecar.tier.DataConnection;
import io.cachesync.sidecar.transport.RedisClients;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis, a Lettuce client built the way the sidecar builds it, the stream of cache "books",
 * and flushers that are closed with it.
 */
final class WriteBehindFixture implements AutoCloseable {
  static final String CACHE = "books";

  final RedisServer redis = RedisServer.start();
  final RedisClient client = (RedisClient) RedisClients.client(RedisConfig.of(redis.uri()));
  final StatefulRedisConnection<String, byte[]> shared = client.connect(WriteBehindStream.CODEC);
  final WriteBehindStream stream =
      new WriteBehindStream(WriteBehindStream.keyFor("cachesync", CACHE), shared::async);
  private final List<WriteBehindFlusher> flushers = new ArrayList<>();

  static WriteBehindConfig config(
      Duration flushInterval, int maxBatch, Duration claimIdle, Duration maxBackoff) {
    return new WriteBehindConfig(flushInterval, maxBatch, claimIdle, maxBackoff);
  }

  /** A started flusher of cache "books" with a connection of its own. */
  WriteBehindFlusher flusher(String consumer, WriteBehindConfig config, StoreOfRecord store) {
    WriteBehindFlusher flusher =
        new WriteBehindFlusher(
            CACHE,
            stream,
            consumer,
            config,
            store,
            () -> DataConnection.of(client.connect(WriteBehindStream.CODEC)));
    flushers.add(flusher);
    flusher.start();
    return flusher;
  }

  void append(String key, String value) {
    join(appendOf(key, ByteString.copyFromUtf8(value), false));
  }

  void delete(String key) {
    join(appendOf(key, ByteString.EMPTY, true));
  }

  /** Appends in this order, pipelined on the shared connection (which keeps the order). */
  void appendAll(List<String[]> keyValues) {
    List<CompletableFuture<WriteBehindStream.Appended>> ids = new ArrayList<>();
    for (String[] kv : keyValues) ids.add(appendOf(kv[0], ByteString.copyFromUtf8(kv[1]), false));
    ids.forEach(WriteBehindFixture::join);
  }

  /** The L2 copy of each write goes to {@code l2:<key>}, as a cache's tier would keep it. */
  private CompletableFuture<WriteBehindStream.Appended> appendOf(
      String key, ByteString value, boolean delete) {
    return stream.append(key, value, delete, "l2:" + key, 60_000);
  }

  /** Reads up to 1,000 new entries as consumer {@code name} and never acknowledges them. */
  void readAndDieAs(String name) {
    join(stream.ensureGroup());
    RedisCli.command(
        redis.host(),
        redis.port(),
        "XREADGROUP",
        "GROUP",
        WriteBehindStream.GROUP,
        name,
        "COUNT",
        "1000",
        "STREAMS",
        stream.key(),
        ">");
  }

  RedisCommands<String, byte[]> admin() {
    return shared.sync();
  }

  /** Entries delivered to some consumer and not acknowledged. */
  long pending() {
    return admin().xpending(stream.key(), WriteBehindStream.GROUP).getCount();
  }

  long pendingOf(String consumer) {
    return admin()
        .xpending(
            stream.key(),
            Consumer.from(WriteBehindStream.GROUP, consumer),
            Range.create("-", "+"),
            Limit.from(10_000))
        .size();
  }

  /** XINFO CONSUMERS as RedisCli renders it: the consumers' names and figures. */
  String consumers() {
    return RedisCli.command(
        redis.host(), redis.port(), "XINFO", "CONSUMERS", stream.key(), WriteBehindStream.GROUP);
  }

  long length() {
    return admin().xlen(stream.key());
  }

  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    flushers.forEach(WriteBehindFlusher::close);
    shared.close();
    client.shutdown(0, 2, TimeUnit.SECONDS);
    redis.close();
  }
}
