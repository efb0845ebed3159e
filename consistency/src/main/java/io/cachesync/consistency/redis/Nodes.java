package io.cachesync.consistency.redis;

import io.cachesync.testsupport.RedisAddress;

/** Settings the checker makes on a node of a topology. */
final class Nodes {
  private Nodes() {}

  /**
   * @throws IllegalStateException naming the node when it refuses
   */
  static void configSet(RedisAddress node, String name, String value) {
    String ok = node.command("CONFIG", "SET", name, value);
    if (!ok.equals("OK")) {
      throw new IllegalStateException("CONFIG SET " + name + " on " + node + " said " + ok);
    }
  }
}
