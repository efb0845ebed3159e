package io.cachesync.sidecar.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

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
  private volatile String startingReason = "the invalidation channel is not subscribed yet";

  public Phase phase() {
    return phase;
  }

  public void serving() {
    if (phase == Phase.STARTING) phase = Phase.SERVING;
  }

  public void draining() {
    phase = Phase.DRAINING;
  }

  public void startingBecause(String reason) {
    if (reason != null && !reason.isEmpty()) startingReason = reason;
  }

  /** Null when open; otherwise the UNAVAILABLE status to answer with. */
  StatusRuntimeException closed() {
    Phase p = phase;
    if (p == Phase.SERVING) return null;
    return Status.UNAVAILABLE
        .withDescription(
            p == Phase.DRAINING
                ? "the sidecar is shutting down; retry against the restarted sidecar"
                : "the sidecar is not ready: " + startingReason + "; retry shortly")
        .asRuntimeException();
  }
}
