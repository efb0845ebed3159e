package io.cachesync.consistency.history;

/** How an operation ended, as its caller saw it. */
public enum Outcome {
  /** Acknowledged: it happened, and completed at its completion time. */
  OK,
  /** Refused in a way that changed nothing (a definite error). */
  FAIL,
  /**
   * Cut off (the sidecar died, a deadline passed): it may or may not have happened, now or later.
   * Its value is always a possible answer, and it never counts as having replaced another.
   */
  UNKNOWN
}
