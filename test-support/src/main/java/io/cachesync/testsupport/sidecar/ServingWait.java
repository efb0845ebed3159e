package io.cachesync.testsupport.sidecar;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks {@code grpc.health.v1} (service "") until SERVING, which the sidecar answers only once its
 * invalidation channel is subscribed. The channel's reconnect back-off is reset on every poll, or a
 * refused first connection would delay the answer by up to a second.
 */
final class ServingWait {
  private static final long CALL_TIMEOUT_MILLIS = 500;
  private static final HealthCheckRequest ANY = HealthCheckRequest.getDefaultInstance();

  /** Why a process did not become SERVING. */
  static final class NotServing extends Exception {
    final boolean exited;

    NotServing(String message, boolean exited) {
      super(message);
      this.exited = exited;
    }
  }

  private ServingWait() {}

  /**
   * @param deadline {@link System#nanoTime()} after which it gives up
   * @return {@link System#nanoTime()} of the first SERVING answer
   * @throws NotServing when the process exits or the deadline passes
   */
  static long await(
      String name, ManagedChannel channel, Process process, long deadline, Duration poll)
      throws NotServing {
    String last = "no answer yet";
    while (true) {
      if (!process.isAlive()) {
        throw new NotServing(
            name + " exited with code " + process.exitValue() + " before SERVING", true);
      }
      if (channel.getState(true) == ConnectivityState.TRANSIENT_FAILURE) {
        channel.resetConnectBackoff();
      }
      try {
        ServingStatus s =
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .check(ANY)
                .getStatus();
        if (s == ServingStatus.SERVING) return System.nanoTime();
        last = s.name();
      } catch (StatusRuntimeException e) {
        last = e.getStatus().getCode().name();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new NotServing(name + " not SERVING in time (health said " + last + ")", false);
      }
      LockSupport.parkNanos(poll.toNanos());
    }
  }
}
