package io.cachesync.consistency.faults;

import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.util.List;
import java.util.Random;

/**
 * A subscriber too slow for its channel, cut by Redis's {@code client-output-buffer-limit pubsub}:
 * one sidecar is paused, the limit lowered to 256 KB, and 12 MB of messages that are not frames
 * published on the run's channel (the others count and drop them), until Redis has cut the paused
 * one. Healed by the default limit and SIGCONT; the sidecar finds its subscription gone and must
 * repair.
 */
final class OutputBufferCut implements Fault {
  private static final String DEFAULT_LIMIT = "pubsub 32mb 8mb 60";
  private static final int MESSAGES = 192;
  private static final String JUNK = "x".repeat(64 * 1024);

  private final List<LaunchedSidecar> sidecars;
  private final RedisServer redis;
  private final String channel;
  private LaunchedSidecar slow;

  OutputBufferCut(List<LaunchedSidecar> sidecars, RedisServer redis, String channel) {
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
    limit("pubsub 256kb 64kb 1");
    int before = subscribers();
    for (int i = 0; i < MESSAGES && subscribers() >= before; i++) {
      RedisCli.command(redis.host(), redis.port(), "PUBLISH", channel, JUNK);
    }
    int after = subscribers();
    return slow.name() + " (subscribers " + before + " -> " + after + ")";
  }

  @Override
  public void heal() {
    limit(DEFAULT_LIMIT);
    slow.resume();
  }

  private int subscribers() {
    String n = RedisCli.command(redis.host(), redis.port(), "PUBSUB", "NUMSUB", channel);
    // "[channel, N]"
    return Integer.parseInt(n.substring(n.lastIndexOf(' ') + 1, n.length() - 1));
  }

  private void limit(String value) {
    String ok =
        RedisCli.command(
            redis.host(), redis.port(), "CONFIG", "SET", "client-output-buffer-limit", value);
    if (!ok.equals("OK")) throw new IllegalStateException("CONFIG SET said " + ok);
  }
}
