package io.cachesync.bench.proc;

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
 * Polls {@code grpc.health.v1} (service "") every 5 ms until SERVING. The poll interval bounds the
 * error of the start-up figure; the channel's reconnect back-off is reset on every poll, or a
 * refused first connection would delay the answer by up to a second.
 */
final class ServingWait {
  static final Duration POLL = Duration.ofMillis(5);
  private static final long CALL_TIMEOUT_MILLIS = 500;
  private static final HealthCheckRequest ANY = HealthCheckRequest.newBuilder().build();

  /** Why a server did not become SERVING. */
  static final class NotServing extends Exception {
    final boolean exited;

    NotServing(String message, boolean exited) {
      super(message);
      this.exited = exited;
    }
  }

  private ServingWait() {}

  /**
   * @return {@link System#nanoTime()} of the first SERVING answer
   * @throws NotServing when the process exits or {@code deadline} (nanoTime) passes
   */
  static long await(ManagedChannel channel, Launched process, long deadline) throws NotServing {
    String last = "no answer yet";
    while (true) {
      if (!process.alive()) {
        throw new NotServing(
            process.name() + " exited with code " + process.exitValue() + " before SERVING", true);
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
        throw new NotServing(
            process.name() + " not SERVING in time (health said " + last + ")", false);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
