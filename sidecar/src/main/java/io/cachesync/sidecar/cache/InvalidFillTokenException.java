package io.cachesync.sidecar.cache;

/**
 * A fill token this sidecar did not issue for this cache (garbage, another cache's, or a previous
 * process's).
 */
public final class InvalidFillTokenException extends RuntimeException {
  public InvalidFillTokenException(String message) {
    super(message, null, false, false);
  }
}
