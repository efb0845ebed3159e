package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.sidecar.config.LimitsConfig;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every documented error: its status and a message that says what to do. */
class ErrorStatusesIT {
  static RedisServer redis;
  static SidecarFixture fixture;
  static CacheServiceBlockingStub client;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    Sidecar s =
        fixture.start(1, redis.uri(), c -> c.withLimits(new LimitsConfig(64, 1024, null))).get(0);
    client = fixture.client(s);
  }

  @AfterAll
  static void stop() {
    fixture.close();
    redis.close();
  }

  static void assertStatus(ThrowingCallable call, Status.Code code, String... messageParts) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(messageParts);
            });
  }

  static PutRequest.Builder put(String key, int valueBytes) {
    return PutRequest.newBuilder()
        .setCache("books")
        .setKey(key)
        .setValue(ByteString.copyFrom(new byte[valueBytes]));
  }

  @Test
  @DisplayName("an unknown cache is NOT_FOUND and lists the configured caches, on every RPC")
  void unknownCache() {
    assertStatus(
        () -> client.get(GetRequest.newBuilder().setCache("bokks").setKey("k").build()),
        Status.Code.NOT_FOUND,
        "no cache named 'bokks'",
        "books");
    assertStatus(
        () -> client.put(PutRequest.newBuilder().setCache("bokks").setKey("k").build()),
        Status.Code.NOT_FOUND,
        "bokks");
    assertStatus(
        () -> client.getMany(GetManyRequest.newBuilder().setCache("bokks").addKeys("k").build()),
        Status.Code.NOT_FOUND,
        "bokks");
    assertStatus(
        () -> client.delete(DeleteRequest.newBuilder().setCache("bokks").addKeys("k").build()),
        Status.Code.NOT_FOUND,
        "bokks");
    assertStatus(
        () ->
            client.invalidate(
                InvalidateRequest.newBuilder().setCache("bokks").addKeys("k").build()),
        Status.Code.NOT_FOUND,
        "bokks");
    assertStatus(
        () -> client.invalidateAll(InvalidateAllRequest.newBuilder().setCache("bokks").build()),
        Status.Code.NOT_FOUND,
        "bokks");
    assertStatus(
        () -> client.stats(StatsRequest.newBuilder().setCache("bokks").build()),
        Status.Code.NOT_FOUND,
        "bokks");
    assertStatus(
        () -> client.watch(WatchRequest.newBuilder().setCache("bokks").build()).hasNext(),
        Status.Code.NOT_FOUND,
        "bokks");
  }

  @Test
  @DisplayName("a missing cache name is INVALID_ARGUMENT naming the field")
  void emptyCacheName() {
    assertStatus(
        () -> client.get(GetRequest.newBuilder().setKey("k").build()),
        Status.Code.INVALID_ARGUMENT,
        "cache:");
  }

  @Test
  @DisplayName("an empty key is INVALID_ARGUMENT")
  void emptyKey() {
    assertStatus(
        () -> client.get(GetRequest.newBuilder().setCache("books").build()),
        Status.Code.INVALID_ARGUMENT,
        "key: must not be empty");
    assertStatus(
        () -> client.put(put("", 1).build()),
        Status.Code.INVALID_ARGUMENT,
        "key: must not be empty");
    assertStatus(
        () ->
            client.getMany(
                GetManyRequest.newBuilder().setCache("books").addKeys("a").addKeys("").build()),
        Status.Code.INVALID_ARGUMENT,
        "key: must not be empty");
  }

  @Test
  @DisplayName("a key over limits.maxKeyBytes is INVALID_ARGUMENT naming the limit")
  void oversizedKey() {
    String key = "k".repeat(65);
    assertStatus(
        () -> client.get(GetRequest.newBuilder().setCache("books").setKey(key).build()),
        Status.Code.INVALID_ARGUMENT,
        "65 bytes",
        "limits.maxKeyBytes");
    String multiByte = "é".repeat(33); // 66 bytes in UTF-8, 33 characters
    assertStatus(
        () -> client.put(put(multiByte, 1).build()), Status.Code.INVALID_ARGUMENT, "66 bytes");
  }

  @Test
  @DisplayName(
      "a value over limits.maxValueBytes is RESOURCE_EXHAUSTED naming the limit, and nothing is stored")
  void oversizedValue() {
    assertStatus(
        () -> client.put(put("big", 1025).build()),
        Status.Code.RESOURCE_EXHAUSTED,
        "1025 bytes",
        "1024",
        "limits.maxValueBytes");
    assertThat(
            client.get(GetRequest.newBuilder().setCache("books").setKey("big").build()).getFound())
        .isFalse();
    assertThat(client.put(put("big", 1024).build()).getApplied()).isTrue();
  }

  @Test
  @DisplayName("a negative TTL is INVALID_ARGUMENT")
  void negativeTtl() {
    assertStatus(
        () -> client.put(put("k", 1).setTtl(Duration.newBuilder().setSeconds(-1)).build()),
        Status.Code.INVALID_ARGUMENT,
        "ttl: must not be negative");
    assertStatus(
        () -> client.put(put("k", 1).setTtl(Duration.newBuilder().setNanos(-5)).build()),
        Status.Code.INVALID_ARGUMENT,
        "ttl");
  }

  @Test
  @DisplayName("a fill token this sidecar did not issue is INVALID_ARGUMENT, and nothing is stored")
  void malformedToken() {
    assertStatus(
        () -> client.put(put("forged", 1).setFillToken(123456789L).build()),
        Status.Code.INVALID_ARGUMENT,
        "fill_token 123456789 was not issued by this sidecar");
    assertThat(
            client
                .get(GetRequest.newBuilder().setCache("books").setKey("forged").build())
                .getFound())
        .isFalse();
  }

  @Test
  @DisplayName("a token issued by one cache is refused by another")
  void tokenOfAnotherCache() {
    long token =
        client.get(GetRequest.newBuilder().setCache("authors").setKey("a").build()).getFillToken();
    assertStatus(
        () -> client.put(put("a", 1).setFillToken(token).build()),
        Status.Code.INVALID_ARGUMENT,
        "for this cache");
  }

  @Test
  @DisplayName("Delete and Invalidate without keys, or with too many, are INVALID_ARGUMENT")
  void keyLists() {
    assertStatus(
        () -> client.delete(DeleteRequest.newBuilder().setCache("books").build()),
        Status.Code.INVALID_ARGUMENT,
        "at least one key");
    assertStatus(
        () -> client.invalidate(InvalidateRequest.newBuilder().setCache("books").build()),
        Status.Code.INVALID_ARGUMENT,
        "at least one key");
    List<String> many = Collections.nCopies(10_001, "k");
    assertStatus(
        () ->
            client.getMany(GetManyRequest.newBuilder().setCache("books").addAllKeys(many).build()),
        Status.Code.INVALID_ARGUMENT,
        "10001 keys",
        "split it");
  }

  @Test
  @DisplayName("before the invalidation channel is subscribed, RPCs are UNAVAILABLE saying why")
  void notReady() {
    try (SidecarFixture lonely = new SidecarFixture()) {
      Sidecar s =
          lonely.startOne(
              lonely
                  .config("redis://127.0.0.1:1")
                  .withRedis(RedisConfig.of("redis://127.0.0.1:1")));
      CacheServiceBlockingStub c = lonely.client(s);
      assertStatus(
          () -> c.get(GetRequest.newBuilder().setCache("books").setKey("k").build()),
          Status.Code.UNAVAILABLE,
          "not ready",
          "redis://127.0.0.1:1");
      assertThat(s.health().serving()).isFalse();
    }
  }
}
