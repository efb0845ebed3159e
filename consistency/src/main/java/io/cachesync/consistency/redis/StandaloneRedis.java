package io.cachesync.consistency.redis;

import io.cachesync.consistency.faults.FaultKind;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisServer;

/** One redis-server, without persistence, as the checker always ran it. */
final class StandaloneRedis implements RedisUnderTest {
  private final RedisServer redis;

  private StandaloneRedis(RedisServer redis) {
    this.redis = redis;
  }

  static StandaloneRedis start(boolean keyspaceEvents) {
    return new StandaloneRedis(
        keyspaceEvents ? RedisServer.start("--notify-keyspace-events", "EA") : RedisServer.start());
  }

  @Override
  public Topology topology() {
    return Topology.STANDALONE;
  }

  @Override
  public String url() {
    return redis.uri();
  }

  @Override
  public String describe() {
    return "redis-server " + redis.uri() + " (" + redis.provider() + ")";
  }

  @Override
  public RedisAddress nodeFor(String keyOrChannel) {
    return new RedisAddress(redis.host(), redis.port());
  }

  @Override
  public String killMasterOf(String keyOrChannel) {
    throw new IllegalStateException(
        "no failover on Standalone: " + topology().whyNot(FaultKind.FAILOVER));
  }

  @Override
  public String awaitFailover() {
    throw new IllegalStateException("no failover on Standalone");
  }

  @Override
  public RedisServer server() {
    return redis;
  }

  @Override
  public void close() {
    redis.close();
  }
}
