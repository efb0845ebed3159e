package io.cachesync.consistency.faults;

import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.util.Random;

/**
 * A fault of redis-server: {@code CLIENT KILL TYPE pubsub}, after which every subscriber must
 * resubscribe and repair what it missed (nothing to heal); or SIGKILL of the server, which runs
 * without persistence, so L2, the write-behind streams and every subscription are gone, as
 * docs/consistency.md declares for a Redis without AOF (healed by starting it on the same port).
 */
record RedisFault(FaultKind kind, RedisServer redis) implements Fault {
  @Override
  public String inject(Random random) {
    if (kind == FaultKind.REDIS_RESTART) {
      redis.stop();
      return "redis";
    }
    String cut = RedisCli.command(redis.host(), redis.port(), "CLIENT", "KILL", "TYPE", "pubsub");
    return "redis (" + cut + " subscribers cut)";
  }

  @Override
  public void heal() {
    if (kind == FaultKind.REDIS_RESTART) redis.restart();
  }
}
