package io.cachesync.sidecar.metrics;

import io.cachesync.sidecar.reload.ReloadOutcome;
import java.util.List;

/**
 * What {@code /health} says: whether the sidecar serves, and how sync stands. {@code DEGRADED} sync
 * still serves (reads come from L1); the detail says why peers' invalidations may be missed. {@code
 * configReload} is the last config reload's outcome: a rejected file does not make the sidecar
 * unhealthy (the config before it still runs), but a person needs to see it. {@code redisServer} is
 * the host:port the bus reached last: with Sentinel, the master, which changes on a failover; with
 * Cluster, the master of the channel's (or stream key's) slot, which changes on a failover or a
 * slot move.
 */
public record HealthReport(
    boolean serving,
    String phase,
    String sync,
    String detail,
    String origin,
    String channel,
    ReloadOutcome configReload,
    String redisServer) {

  public String toJson() {
    return "{\"serving\":"
        + serving
        + ",\"phase\":"
        + quote(phase)
        + ",\"sync\":"
        + quote(sync)
        + ",\"detail\":"
        + quote(detail)
        + ",\"origin\":"
        + quote(origin)
        + ",\"channel\":"
        + quote(channel)
        + ",\"configReload\":"
        + reloadJson(configReload)
        + ",\"redisServer\":"
        + quote(redisServer)
        + "}";
  }

  private static String reloadJson(ReloadOutcome r) {
    return "{\"result\":"
        + quote(r.result().label())
        + ",\"detail\":"
        + quote(r.detail())
        + ",\"at\":"
        + (r.at() == null ? "null" : quote(r.at().toString()))
        + ",\"restartPending\":"
        + list(r.restartPending())
        + "}";
  }

  private static String list(List<String> items) {
    StringBuilder b = new StringBuilder("[");
    for (String item : items) {
      if (b.length() > 1) b.append(',');
      b.append(quote(item));
    }
    return b.append(']').toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : (s == null ? "" : s).toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
