package io.cachesync.consistency.redis;

import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisSentinels;
import io.cachesync.testsupport.RedisServer;

/**
 * A master, its replica and three sentinels (test-support's {@link RedisSentinels}); the sidecars
 * get the sentinels' URL and ask them for the master. A killed master is not started again (the
 * fixture has no way to bring it back as a replica), so a run has at most one failover.
 */
final class SentinelRedis implements RedisUnderTest {
  private final RedisSentinels sentinels;

  private SentinelRedis(RedisSentinels sentinels) {
    this.sentinels = sentinels;
  }

  static SentinelRedis start(boolean keyspaceEvents) {
    RedisSentinels s = RedisSentinels.start();
    try {
      // on both nodes: the replica promoted later must already send them
      if (keyspaceEvents) {
        for (RedisAddress node : s.dataNodes()) {
          Nodes.configSet(node, "notify-keyspace-events", "EA");
        }
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return new SentinelRedis(s);
  }

  @Override
  public Topology topology() {
    return Topology.SENTINEL;
  }

  @Override
  public String url() {
    return sentinels.sentinelUri();
  }

  @Override
  public String describe() {
    return "Sentinel "
        + sentinels.sentinelUri()
        + ", master "
        + sentinels.master()
        + ", replica "
        + sentinels.dataNodes().get(1);
  }

  @Override
  public RedisAddress nodeFor(String keyOrChannel) {
    return sentinels.master();
  }

  @Override
  public String killMasterOf(String keyOrChannel) {
    return "master " + sentinels.killMaster();
  }

  @Override
  public String awaitFailover() {
    return sentinels.awaitFailover().toString();
  }

  @Override
  public RedisServer server() {
    throw new IllegalStateException("Sentinel runs two data nodes, not one server");
  }

  @Override
  public void close() {
    sentinels.close();
  }
}
