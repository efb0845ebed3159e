package io.cachesync.consistency.run;

import static org.awaitility.Awaitility.await;

import io.cachesync.consistency.redis.RedisUnderTest;
import io.cachesync.consistency.redis.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits, bounded, until every write-behind stream is flushed: its consumer group has read every
 * entry ({@code lag 0}) and holds none unacknowledged ({@code pending 0}). A stream Redis lost in a
 * restart, and never written again, has nothing to flush.
 */
final class WriteBehindDrain {
  private static final Pattern PENDING = Pattern.compile("pending, (\\d+)");
  private static final Pattern LAG = Pattern.compile("lag, (\\d+)");

  private WriteBehindDrain() {}

  /**
   * @return the streams still not drained after {@code max} each, with what Redis says of them
   */
  static List<String> awaitFlushed(
      RedisUnderTest redis, String channel, List<CacheUnderTest> caches, Duration max) {
    List<String> undrained = new ArrayList<>();
    for (CacheUnderTest c : caches) {
      if (c.strategy() != Strategy.WRITE_BEHIND) continue;
      String key = streamKey(redis, channel, c.name());
      try {
        await("the write-behind stream " + key + " is flushed")
            .atMost(max)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> drained(redis, key));
      } catch (ConditionTimeoutException e) {
        undrained.add(key + ": " + redis.nodeFor(key).command("XINFO", "GROUPS", key));
      }
    }
    return undrained;
  }

  /**
   * The sidecar's name for a WriteBehind cache's stream (its {@code WriteBehindKeys}): on a cluster
   * the cache is a hash tag, so the stream, its marks and the cache's L2 share a slot.
   */
  static String streamKey(RedisUnderTest redis, String channel, String cache) {
    return channel + ":wb:" + (redis.topology() == Topology.CLUSTER ? "{" + cache + "}" : cache);
  }

  private static boolean drained(RedisUnderTest redis, String key) {
    String groups = redis.nodeFor(key).command("XINFO", "GROUPS", key);
    if (groups.startsWith("ERR no such key")) return true;
    Matcher pending = PENDING.matcher(groups);
    Matcher lag = LAG.matcher(groups);
    return pending.find() && pending.group(1).equals("0") && lag.find() && lag.group(1).equals("0");
  }
}
