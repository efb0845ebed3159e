package io.cachesync.sidecar.tier;

import com.google.protobuf.ByteString;

/**
 * What L2 said about a key on an L1 miss: its value; or that nothing is there and the store of
 * record may be read (a lease was taken for the fill where none was held); or, for a WriteBehind
 * cache, that the key's newest write is an unflushed delete, so the store, which has not seen it
 * yet, must not be read; or, for a WriteBehind cache on a Redis Cluster, that the shard holding its
 * stream did not answer, so whether the store has caught up is unknown ({@link #pendingUnknown}).
 */
public record L2Read(ByteString value, boolean unflushedDelete, boolean pendingUnknown) {
  private static final L2Read ABSENT = new L2Read(null, false, false);
  private static final L2Read DELETED = new L2Read(null, true, false);
  private static final L2Read UNKNOWN = new L2Read(null, false, true);

  public static L2Read found(ByteString value) {
    return new L2Read(value, false, false);
  }

  public static L2Read absent() {
    return ABSENT;
  }

  public static L2Read pendingDelete() {
    return DELETED;
  }

  /** The stream that would say whether the key has unflushed writes could not be read. */
  public static L2Read unknownPending() {
    return UNKNOWN;
  }

  public boolean found() {
    return value != null;
  }

  /** Whether the store of record may answer for the key: nothing newer is waiting to reach it. */
  public boolean storeMayAnswer() {
    return value == null && !unflushedDelete && !pendingUnknown;
  }
}
