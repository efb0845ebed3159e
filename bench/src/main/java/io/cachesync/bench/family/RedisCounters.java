package io.cachesync.bench.family;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * What Redis says it has spent and done, read before and after a window: CPU seconds (user +
 * system, from {@code INFO cpu}) and the PUBLISH (or, on a cluster's shard, SPUBLISH) commands it
 * has run ({@code INFO commandstats}).
 */
record RedisCounters(double cpuSeconds, long publishes) {

  static RedisCounters read(RedisCommands<String, String> redis) {
    return read(redis, "publish");
  }

  static RedisCounters read(RedisCommands<String, String> redis, String publishCommand) {
    return parse(redis.info("cpu") + "\n" + redis.info("commandstats"), publishCommand);
  }

  static RedisCounters parse(String info) {
    return parse(info, "publish");
  }

  /**
   * @throws IllegalStateException when the text lacks the CPU lines (a Redis that hides them)
   */
  static RedisCounters parse(String info, String publishCommand) {
    String stat = "cmdstat_" + publishCommand + ":";
    double sys = Double.NaN;
    double user = Double.NaN;
    long publishes = 0; // no line until the first PUBLISH
    for (String line : info.split("\\R")) {
      if (line.startsWith("used_cpu_sys:")) sys = Double.parseDouble(line.substring(13).trim());
      if (line.startsWith("used_cpu_user:")) user = Double.parseDouble(line.substring(14).trim());
      if (line.startsWith(stat)) {
        for (String field : line.substring(stat.length()).split(",")) {
          if (field.startsWith("calls=")) publishes = Long.parseLong(field.substring(6).trim());
        }
      }
    }
    if (Double.isNaN(sys) || Double.isNaN(user)) {
      throw new IllegalStateException(
          "INFO cpu has no used_cpu_sys/used_cpu_user: Redis CPU cannot be measured");
    }
    return new RedisCounters(sys + user, publishes);
  }

  /**
   * Redis CPU microseconds per message delivered to one subscriber since {@code before}: every
   * PUBLISH went to {@code subscribers} connections.
   */
  double microsPerDelivery(RedisCounters before, int subscribers) {
    long deliveries = (publishes - before.publishes) * subscribers;
    return deliveries <= 0 ? Double.NaN : (cpuSeconds - before.cpuSeconds) * 1e6 / deliveries;
  }
}
