package io.cachesync.sidecar.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/**
 * Whether RPCs are served: not before the invalidation channel is first subscribed, not while
 * draining.
 */
public final class ServingGate {
  public enum Phase {
    STARTING,
    SERVING,
    DRAINING
  }

  private volatile Phase phase = Phase.STARTING;
  private final Supplier<String> whyNotReady;

  public Phase phase() {
    return phase;
  }

  public void serving() {
    if (phase == Phase.STARTING) phase = Phase.SERVING;
  }

  public void draining() {
    phase = Phase.DRAINING;
  }

  /** {@code whyNotReady}: what the sidecar is waiting for, e.g. "Redis at ... is unreachable". */
  public ServingGate(Supplier<String> whyNotReady) {
    this.whyNotReady = whyNotReady;
  }

  /** Null when open; otherwise the UNAVAILABLE status to answer with. */
  StatusRuntimeException closed() {
    Phase p = phase;
    if (p == Phase.SERVING) return null;
    return Status.UNAVAILABLE
        .withDescription(
            p == Phase.DRAINING
                ? "the sidecar is shutting down; retry against the restarted sidecar"
                : "the sidecar is not ready: the invalidation channel is not subscribed yet ("
                    + whyNotReady.get()
                    + "); retry shortly")
        .asRuntimeException();
  }
}
