package io.cachesync.consistency.check;

import io.cachesync.consistency.history.Op;

/**
 * An operation the model forbids, with what makes it wrong.
 *
 * @param op the read (or, for {@link Kind#LOST_WRITE}, the last acknowledged change) at fault
 * @param cause the change the read should have seen, or null
 * @param stalenessNanos how long before the read began its value had been replaced, or 0
 */
public record Violation(Kind kind, Op op, Op cause, long stalenessNanos, String detail) {

  /** The ways a history can break the model of docs/consistency.md. */
  public enum Kind {
    /** A read returned a value replaced by a change that completed more than the bound before. */
    STALE_READ,
    /** A read returned a value that no write wrote. */
    UNKNOWN_VALUE,
    /** A read returned the value of a write that began only after the read had returned. */
    FUTURE_VALUE,
    /** After the drain, the store does not hold a key's last acknowledged write or delete. */
    LOST_WRITE
  }

  /** {@code cache/key}. */
  public String key() {
    return op.cache() + "/" + op.key();
  }
}
