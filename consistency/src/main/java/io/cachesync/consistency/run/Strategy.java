package io.cachesync.consistency.run;

import java.util.Locale;

/** The sidecar's strategies, as the workload drives each one. */
public enum Strategy {
  LOOK_ASIDE("LookAside", "la"),
  READ_THROUGH("ReadThrough", "rt"),
  WRITE_THROUGH("WriteThrough", "wt"),
  WRITE_BEHIND("WriteBehind", "wb"),
  WRITE_AROUND("WriteAround", "wa");

  private final String configName;
  private final String shortName;

  Strategy(String configName, String shortName) {
    this.configName = configName;
    this.shortName = shortName;
  }

  /** As the sidecar's config spells it. */
  public String configName() {
    return configName;
  }

  /** The prefix of its caches' names: {@code la}, {@code la-l2}... */
  public String shortName() {
    return shortName;
  }

  /** LookAside: a miss hands the application a fill token, and the application fills. */
  public boolean applicationFills() {
    return this == LOOK_ASIDE;
  }

  /**
   * LookAside and ReadThrough: the application writes its database itself, then tells the cache (a
   * Put or an Invalidate); the other strategies write the store through the sidecar.
   */
  public boolean applicationWritesStore() {
    return this == LOOK_ASIDE || this == READ_THROUGH;
  }

  /** WriteBehind keeps its values in L2, so it is run with L2 only. */
  public boolean needsL2() {
    return this == WRITE_BEHIND;
  }

  /** {@code LookAside}, {@code lookaside} or {@code la}. */
  public static Strategy parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Strategy s : values()) {
      if (s.configName.toLowerCase(Locale.ROOT).equals(t) || s.shortName.equals(t)) return s;
    }
    throw new IllegalArgumentException(
        "unknown strategy '"
            + text
            + "': LookAside, ReadThrough, WriteThrough, WriteBehind or"
            + " WriteAround (or la, rt, wt, wb, wa)");
  }
}
