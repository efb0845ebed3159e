package io.cachesync.bench.load;

import io.grpc.stub.StreamObserver;
import java.util.function.Predicate;

/** Adapts a unary gRPC call's observer to a {@link ClosedLoop.Completion}. */
public final class Observers {
  private Observers() {}

  /**
   * Completes {@code done} once: ok when the response passes {@code check}, failed (naming {@code
   * what}) when it does not or the call fails.
   */
  public static <R> StreamObserver<R> completing(
      ClosedLoop.Completion done, Predicate<R> check, String what) {
    return new StreamObserver<>() {
      private boolean bad;

      @Override
      public void onNext(R response) {
        if (!check.test(response)) {
          bad = true;
          done.failed(new IllegalStateException(what + ": unexpected answer " + response));
        }
      }

      @Override
      public void onError(Throwable t) {
        done.failed(t);
      }

      @Override
      public void onCompleted() {
        if (!bad) done.ok();
      }
    };
  }
}
