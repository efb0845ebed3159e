package io.cachesync.consistency.history;

/** What an operation does to its key. */
public enum OpKind {
  /** A Get (and, for LookAside, the load and fill after a miss). */
  READ,
  /** A new value: unique per write ({@code w<seq>}), so a read names the write it saw. */
  WRITE,
  /** The key is gone: a read may see nothing, never an older value. */
  DELETE
}
