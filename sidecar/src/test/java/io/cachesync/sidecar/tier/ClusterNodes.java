package io.cachesync.sidecar.tier;

import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/** What each master of a test cluster holds, read node by node behind the client under test. */
public final class ClusterNodes {
  private ClusterNodes() {}

  /** Per serving master ({@code host:port}), how many keys match {@code pattern} on it. */
  public static Map<String, Long> keysPerMaster(RedisCluster cluster, String pattern) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (ClusterNode m : cluster.masters()) {
      out.put(
          m.address().toString(),
          Long.parseLong(
              m.address().command("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", pattern)));
    }
    return out;
  }
}
