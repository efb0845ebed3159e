package io.cachesync.consistency.faults;

import io.cachesync.consistency.redis.RedisUnderTest;
import java.util.Random;

/**
 * The master that holds the sync channel dies (SIGKILL, so what it had not replicated is gone) and
 * its replica is promoted: on Sentinel the one master; on a cluster the master of the channel's
 * slot (Pub/Sub) or of the frames' stream (Stream delivery). Healed once the replica serves. The
 * killed node is not started again, so it happens once per run.
 */
final class Failover implements Fault {
  private final RedisUnderTest redis;
  private final String held;
  private boolean done;

  /**
   * @param held the key or shard channel whose master dies
   */
  Failover(RedisUnderTest redis, String held) {
    this.redis = redis;
    this.held = held;
  }

  @Override
  public FaultKind kind() {
    return FaultKind.FAILOVER;
  }

  @Override
  public boolean available() {
    return !done;
  }

  @Override
  public String inject(Random random) {
    done = true;
    return redis.killMasterOf(held) + " holding " + held;
  }

  @Override
  public void heal() {
    redis.awaitFailover();
  }
}
