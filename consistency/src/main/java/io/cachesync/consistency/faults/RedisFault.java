package io.cachesync.consistency.faults;

import io.cachesync.consistency.redis.RedisUnderTest;
import java.util.Random;

/**
 * A fault of Redis: {@code CLIENT KILL TYPE pubsub} on the node that serves the sync channel, after
 * which every subscriber must resubscribe and repair what it missed (nothing to heal); or, on one
 * server only, SIGKILL of it, which runs without persistence, so L2, the write-behind streams and
 * every subscription are gone, as docs/consistency.md declares for a Redis without AOF (healed by
 * starting it on the same port).
 */
record RedisFault(FaultKind kind, RedisUnderTest redis, String channel) implements Fault {
  @Override
  public String inject(Random random) {
    if (kind == FaultKind.REDIS_RESTART) {
      redis.server().stop();
      return "redis";
    }
    String cut = redis.nodeFor(channel).command("CLIENT", "KILL", "TYPE", "pubsub");
    return "redis (" + cut + " subscribers cut)";
  }

  @Override
  public void heal() {
    if (kind == FaultKind.REDIS_RESTART) redis.server().restart();
  }
}
