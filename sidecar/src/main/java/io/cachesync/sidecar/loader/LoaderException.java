package io.cachesync.sidecar.loader;

import io.grpc.Status;

/**
 * A call to the application's {@code CacheLoader} failed. It carries the {@link Status} the sidecar
 * should answer its own caller with: {@code UNAVAILABLE} when the application could not be reached
 * or did not answer in time, otherwise the code the application returned. The status description
 * (and so the message) says what happened and what to change, so it can be passed on to the app as
 * is.
 */
public final class LoaderException extends RuntimeException {
  private final transient Status status;

  public LoaderException(Status status) {
    super(status.getDescription(), status.getCause());
    this.status = status;
  }

  /** The status to answer with; its description is this exception's message. */
  public Status status() {
    return status;
  }
}
