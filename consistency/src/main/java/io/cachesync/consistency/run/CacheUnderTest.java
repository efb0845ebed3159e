package io.cachesync.consistency.run;

import java.util.ArrayList;
import java.util.List;

/** One cache every sidecar of the run has: a strategy, with or without L2. */
public record CacheUnderTest(String name, Strategy strategy, boolean l2) {

  /** Which caches of a strategy the run has, by L2. */
  public enum L2Mode {
    OFF,
    ON,
    BOTH
  }

  /** A cache per strategy and L2 setting ({@code la}, {@code la-l2}, ...); WriteBehind L2 only. */
  public static List<CacheUnderTest> of(List<Strategy> strategies, L2Mode mode) {
    List<CacheUnderTest> caches = new ArrayList<>();
    for (Strategy s : strategies) {
      if (mode != L2Mode.ON && !s.needsL2())
        caches.add(new CacheUnderTest(s.shortName(), s, false));
      if (mode != L2Mode.OFF || s.needsL2()) {
        caches.add(new CacheUnderTest(s.shortName() + "-l2", s, true));
      }
    }
    return caches;
  }

  /**
   * Whether an outside writer may change it straight in Redis: an L2 cache whose application writes
   * its database itself (LookAside, ReadThrough), where another service could do the same.
   */
  public boolean outsideWritable() {
    return l2 && strategy.applicationWritesStore();
  }

  /**
   * The Redis key of {@code key}'s value in L2. A WriteBehind cache's carries its hash tag on every
   * topology, since on a cluster its L2 must share a slot with its stream (the sidecar refuses a
   * prefix without it there) and elsewhere the braces are only characters.
   */
  public String l2Key(String key) {
    String tagged = strategy == Strategy.WRITE_BEHIND ? "{" + name + "}" : name;
    return "consistency:" + tagged + ":" + key;
  }

  /** Its entry in the sidecar's {@code caches} list; {@code edited}: other bounds and ttl. */
  String yaml(boolean edited) {
    StringBuilder b =
        new StringBuilder("  - name: ")
            .append(name)
            .append("\n    strategy: ")
            .append(strategy.configName())
            .append(
                edited
                    ? "\n    maximumSize: 9000\n    ttl: 9m\n"
                    : "\n    maximumSize: 10000\n    ttl: 10m\n");
    if (l2) b.append("    l2: {enabled: true, prefix: \"").append(l2Key("")).append("\"}\n");
    if (strategy == Strategy.WRITE_BEHIND) {
      b.append(
          "    writeBehind: {flushInterval: 100ms, maxBatch: 100, claimIdle: 2s, maxBackoff: 500ms}\n");
    }
    return b.toString();
  }
}
