package io.cachesync.sidecar.strategy;

/** Redis could not take a write the strategy must not lose (the write-behind stream). */
public final class TierUnavailableException extends RuntimeException {
  public TierUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
