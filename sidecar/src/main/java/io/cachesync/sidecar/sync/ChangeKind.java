package io.cachesync.sidecar.sync;

/**
 * What happened to keys on a peer. The codes are those of {@code CacheEvent.Kind} so a frame and a
 * Watch event speak the same language; {@link #EVERYTHING} (a peer lost invalidations) has no event
 * of its own.
 */
public enum ChangeKind {
  INVALIDATED(1),
  DELETED(3),
  UPDATED(4),
  CLEARED(5),
  EVERYTHING(6);

  private final int code;

  ChangeKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static ChangeKind ofCode(int code) {
    for (ChangeKind k : values()) if (k.code == code) return k;
    return null;
  }
}
