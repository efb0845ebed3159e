package io.cachesync.client;

import io.grpc.Status;

/**
 * A call to the sidecar failed: the gRPC status code, and a message naming the call, the cache, the
 * sidecar address and what to do about it.
 */
public final class CacheSyncException extends RuntimeException {
  private final Status.Code code;

  CacheSyncException(String message, Status.Code code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** UNAVAILABLE, NOT_FOUND (unknown cache), INVALID_ARGUMENT, ... as the sidecar answered. */
  public Status.Code code() {
    return code;
  }
}
