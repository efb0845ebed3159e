package io.cachesync.consistency.run;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.client.CacheSyncException;
import io.cachesync.client.CacheView;
import io.cachesync.consistency.history.History;
import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import io.cachesync.consistency.redis.RedisUnderTest;
import io.cachesync.consistency.run.Workload.Step;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application, as one client thread of it: runs a {@link Step} against a sidecar the way an
 * application of that strategy would, and records it. LookAside reads fill after a miss (the
 * database read, then a Put with the miss's token); LookAside and ReadThrough writes change the
 * database first and then tell the cache (or, as an outside writer, write Redis instead); the other
 * strategies write through the sidecar. A worker given {@link L0Readers} reads through the Java
 * client and its L0 instead (look-aside with its own fill for LookAside caches).
 */
record AppClient(
    int worker,
    List<LaunchedSidecar> sidecars,
    StoreOfRecord store,
    RedisUnderTest redis,
    History history,
    AtomicLong ids,
    AtomicLong values,
    L0Readers l0) {
  private static final long DEADLINE_MILLIS = 3_000;

  void run(Step step) {
    String value = step.kind() == OpKind.WRITE ? "w" + values.incrementAndGet() : null;
    CacheServiceBlockingStub stub =
        CacheServiceGrpc.newBlockingStub(sidecars.get(step.process()).channel())
            .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    long invoked = System.nanoTime();
    String seen = value;
    Outcome outcome = Outcome.OK;
    String note = "";
    try {
      if (step.kind() == OpKind.READ) {
        String[] read = l0 != null ? readThroughL0(step) : read(stub, step);
        seen = read[0];
        note = read[1];
      } else {
        note = change(stub, step, value);
      }
    } catch (StatusRuntimeException e) {
      // the application's own database write happened before the call that failed
      boolean dbChanged =
          step.kind() != OpKind.READ && step.cache().strategy().applicationWritesStore();
      outcome =
          step.kind() == OpKind.READ || (definite(e.getStatus()) && !dbChanged)
              ? Outcome.FAIL
              : Outcome.UNKNOWN;
      note = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    } catch (CacheSyncException e) {
      outcome = Outcome.FAIL; // only reads go through the Java client here
      note = "l0 client: " + e.code();
    }
    history.add(
        new Op(
            ids.incrementAndGet(),
            step.outside() ? Op.OUTSIDE : step.process(),
            worker,
            step.cache().name(),
            step.key(),
            step.kind(),
            seen,
            invoked,
            System.nanoTime(),
            outcome,
            note));
  }

  /**
   * @return {value or null, how it was answered}
   */
  private String[] read(CacheServiceBlockingStub stub, Step step) {
    String cache = step.cache().name();
    GetResponse r = stub.get(GetRequest.newBuilder().setCache(cache).setKey(step.key()).build());
    if (r.getFound()) return new String[] {r.getValue().toStringUtf8(), "found"};
    if (!step.cache().strategy().applicationFills()) return new String[] {null, "miss"};
    String row = store.read(cache, step.key());
    if (row == null) return new String[] {null, "miss, no row"};
    boolean applied;
    try {
      applied =
          stub.put(
                  PutRequest.newBuilder()
                      .setCache(cache)
                      .setKey(step.key())
                      .setValue(ByteString.copyFromUtf8(row))
                      .setFillToken(r.getFillToken())
                      .build())
              .getApplied();
    } catch (StatusRuntimeException e) {
      return new String[] {row, "miss, db, fill failed: " + e.getStatus().getCode()};
    }
    return new String[] {row, applied ? "miss, db, filled" : "miss, db, fill refused"};
  }

  /** Through the Java client: L0, else the sidecar; a LookAside miss loads the row and fills. */
  private String[] readThroughL0(Step step) {
    String cache = step.cache().name();
    CacheView<String, String> view = l0.view(step.process(), cache);
    boolean inL0 = view.peekL0(step.key()).isPresent(); // for the note only: it may race
    String value;
    if (step.cache().strategy().applicationFills()) {
      value = view.get(step.key(), () -> store.read(cache, step.key()));
    } else {
      value = view.get(step.key()).orElse(null);
    }
    return new String[] {value, inL0 ? "l0 hit" : "l0 client: sidecar"};
  }

  /** A write ({@code value}) or a delete (null), as the cache's strategy makes the app do it. */
  private String change(CacheServiceBlockingStub stub, Step step, String value) {
    String cache = step.cache().name();
    String key = step.key();
    if (step.outside()) return outside(step, value);
    boolean tellByDrop = value == null || step.viaInvalidate();
    if (step.cache().strategy().applicationWritesStore()) store.write(cache, key, value);
    if (value == null) {
      stub.delete(DeleteRequest.newBuilder().setCache(cache).addKeys(key).build());
      return "delete";
    }
    if (step.cache().strategy().applicationWritesStore() && tellByDrop) {
      stub.invalidate(InvalidateRequest.newBuilder().setCache(cache).addKeys(key).build());
      return "db, invalidate";
    }
    stub.put(
        PutRequest.newBuilder()
            .setCache(cache)
            .setKey(key)
            .setValue(ByteString.copyFromUtf8(value))
            .build());
    return step.cache().strategy().applicationWritesStore() ? "db, put" : "put";
  }

  /**
   * Another service's change: its database, then the value straight in Redis (L2), as a SET with a
   * TTL or a DEL, on the master that holds the key now. No sidecar takes part; they hear of it
   * through keyspace notifications.
   */
  private String outside(Step step, String value) {
    store.write(step.cache().name(), step.key(), value);
    String redisKey = step.cache().l2Key(step.key());
    try {
      RedisAddress node = redis.nodeFor(redisKey);
      String reply =
          value == null
              ? node.command("DEL", redisKey)
              : node.command("SET", redisKey, value, "PX", "600000");
      // an error reply (MOVED, READONLY, CLUSTERDOWN on a topology that is moving) changed nothing
      if (!reply.equals("OK") && !reply.matches("\\d+")) {
        throw new IllegalStateException(node + " answered " + reply);
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      // unreachable, or (mid-failover) no master serves the key: the database changed, Redis may
      // not
      throw Status.UNAVAILABLE
          .withDescription("outside writer: " + e.getMessage())
          .asRuntimeException();
    }
    return value == null ? "outside: db, DEL" : "outside: db, SET";
  }

  /** Refusals that change nothing; anything else (UNAVAILABLE, a deadline) may have happened. */
  private static boolean definite(Status s) {
    return switch (s.getCode()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, RESOURCE_EXHAUSTED -> true;
      default -> false;
    };
  }
}
