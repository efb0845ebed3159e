package io.cachesync.sidecar.strategy;

/**
 * Redis could not take a change: the write-behind stream refused a write (then nothing changed), or
 * L2 kept a value a change should have removed (then L1 and the peers changed, and the caller must
 * retry). The message says which.
 */
public final class TierUnavailableException extends RuntimeException {
  public TierUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public TierUnavailableException(String message) {
    super(message);
  }
}
