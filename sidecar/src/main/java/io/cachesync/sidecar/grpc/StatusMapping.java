package io.cachesync.sidecar.grpc;

import io.cachesync.sidecar.cache.InvalidFillTokenException;
import io.cachesync.sidecar.loader.LoaderException;
import io.cachesync.sidecar.strategy.NotAllowedException;
import io.cachesync.sidecar.strategy.TierUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failure below the service becomes on the wire: a status and a message a person can act on.
 */
final class StatusMapping {
  private StatusMapping() {}

  static StatusRuntimeException toStatus(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof StatusRuntimeException s) return s;
    if (e instanceof LoaderException l) return l.status().asRuntimeException();
    if (e instanceof NotAllowedException)
      return Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
    if (e instanceof InvalidFillTokenException)
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    if (e instanceof TierUnavailableException)
      return Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
    return Status.INTERNAL
        .withDescription("the sidecar failed: " + e)
        .withCause(e)
        .asRuntimeException();
  }
}
