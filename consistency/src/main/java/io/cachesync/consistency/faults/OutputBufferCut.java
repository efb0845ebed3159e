package io.cachesync.consistency.faults;

import io.cachesync.consistency.redis.RedisUnderTest;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.util.List;
import java.util.Random;

/**
 * A subscriber too slow for its channel, cut by Redis's {@code client-output-buffer-limit pubsub}:
 * one sidecar is paused, the limit lowered to 256 KB, and 12 MB of messages that are not frames
 * published on the run's channel (the others count and drop them), until Redis has cut the paused
 * one. Healed by the default limit and SIGCONT; the sidecar finds its subscription gone and must
 * repair. On a cluster it is the channel's master, and the messages are SPUBLISHed.
 */
final class OutputBufferCut implements Fault {
  private static final String DEFAULT_LIMIT = "pubsub 32mb 8mb 60";
  private static final int MESSAGES = 192;
  private static final String JUNK = "x".repeat(64 * 1024);

  private final List<LaunchedSidecar> sidecars;
  private final RedisUnderTest redis;
  private final String channel;
  private LaunchedSidecar slow;
  private RedisAddress node;

  OutputBufferCut(List<LaunchedSidecar> sidecars, RedisUnderTest redis, String channel) {
    this.sidecars = sidecars;
    this.redis = redis;
    this.channel = channel;
  }

  @Override
  public FaultKind kind() {
    return FaultKind.OUTPUT_BUFFER_CUT;
  }

  @Override
  public String inject(Random random) {
    slow = sidecars.get(random.nextInt(sidecars.size()));
    slow.pause();
    node = redis.nodeFor(channel);
    limit("pubsub 256kb 64kb 1");
    int before = redis.subscribers(channel);
    for (int i = 0; i < MESSAGES && redis.subscribers(channel) >= before; i++) {
      redis.publish(channel, JUNK);
    }
    int after = redis.subscribers(channel);
    return slow.name() + " (subscribers " + before + " -> " + after + ")";
  }

  @Override
  public void heal() {
    limit(DEFAULT_LIMIT);
    slow.resume();
  }

  private void limit(String value) {
    String ok = node.command("CONFIG", "SET", "client-output-buffer-limit", value);
    if (!ok.equals("OK")) throw new IllegalStateException("CONFIG SET said " + ok);
  }
}
