package io.cachesync.sidecar.strategy;

/** An operation the cache's strategy cannot honour; the message says why and what to do instead. */
public final class NotAllowedException extends RuntimeException {
  public NotAllowedException(String message) {
    super(message, null, false, false);
  }
}
