package io.cachesync.sidecar.loader;

import io.cachesync.sidecar.config.Durations;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Turns a failed call to the application's {@code CacheLoader} into a {@link LoaderException} with
 * a message a person can act on. Three cases, told apart because the fix differs: the application
 * could not be reached (start it, or fix {@code loader.target}), it did not answer within our
 * deadline (make it faster, or raise {@code loader.timeout}), or it answered with an error of its
 * own (its code and text are kept, since only the application knows what they mean).
 */
final class LoaderFailures {

  private LoaderFailures() {}

  /**
   * @param target {@code loader.target}, named in every message
   * @param method {@code Load} or {@code Store}
   * @param timeout the per-attempt deadline, {@code loader.timeout}
   * @param deadlinePassed whether our own deadline for the last attempt had passed when it failed;
   *     a {@code DEADLINE_EXCEEDED} before that is the application's own answer
   * @param attempts how many attempts were made in all
   */
  static LoaderException of(
      Throwable failure,
      String target,
      String method,
      Duration timeout,
      boolean deadlinePassed,
      int attempts) {
    Throwable t = unwrap(failure);
    if (t instanceof LoaderException done) return done;
    String after = attempts > 1 ? " after " + attempts + " attempts" : "";
    if (!isGrpc(t)) {
      return new LoaderException(
          Status.INTERNAL
              .withDescription(
                  "the sidecar's call to CacheLoader."
                      + method
                      + " at "
                      + target
                      + " failed"
                      + after
                      + ": "
                      + t)
              .withCause(t));
    }
    Status raw = Status.fromThrowable(t);
    // gRPC reports its own deadline as DEADLINE_EXCEEDED; a CANCELLED that arrives once the
    // deadline has passed is the server giving up on the same deadline first.
    if ((raw.getCode() == Status.Code.DEADLINE_EXCEEDED || raw.getCode() == Status.Code.CANCELLED)
        && deadlinePassed) {
      return new LoaderException(
          Status.UNAVAILABLE
              .withDescription(
                  "the application's CacheLoader at "
                      + target
                      + " did not answer "
                      + method
                      + " within "
                      + Durations.format(timeout)
                      + " (loader.timeout)"
                      + after
                      + (method.equals("Store")
                          ? "; the Store may or may not have been applied"
                          : ""))
              .withCause(t));
    }
    if (raw.getCode() == Status.Code.UNAVAILABLE && raw.getCause() != null) {
      // The transport's own failure (connect refused, host unknown, connection reset) carries the
      // I/O exception; a status the application returned never has a cause on this side.
      return new LoaderException(
          Status.UNAVAILABLE
              .withDescription(
                  "the application's CacheLoader at "
                      + target
                      + " is unavailable ("
                      + reason(raw.getCause())
                      + ")"
                      + after
                      + ": start it or fix loader.target")
              .withCause(t));
    }
    String answer =
        raw.getCode()
            + ": "
            + (raw.getDescription() == null || raw.getDescription().isBlank()
                ? "(no description; see the application's log)"
                : raw.getDescription());
    if (raw.getCode() == Status.Code.UNIMPLEMENTED) {
      return new LoaderException(
          Status.UNIMPLEMENTED
              .withDescription(
                  "the application at "
                      + target
                      + " does not implement cachesync.v1.CacheLoader/"
                      + method
                      + " ("
                      + answer
                      + "): implement the CacheLoader service there or fix loader.target")
              .withCause(t));
    }
    return new LoaderException(
        Status.fromCode(raw.getCode())
            .withDescription(
                "the application's CacheLoader."
                    + method
                    + " at "
                    + target
                    + " failed"
                    + after
                    + ": "
                    + answer)
            .withCause(t));
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }

  private static boolean isGrpc(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException || c instanceof StatusException) return true;
    }
    return false;
  }

  /**
   * The innermost I/O reason, without the transport's decorations: Netty writes e.g. {@code
   * "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:7071"}; we say
   * {@code "connection refused"}, since the message names the target anyway.
   */
  static String reason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = root.getMessage();
    if (m == null || m.isBlank()) return root.getClass().getSimpleName();
    m = m.replaceFirst("^\\S+\\(\\.\\.\\) failed[^:]*: ", "").replaceFirst(":\\s+\\S*/\\S+$", "");
    return m.isEmpty()
        ? root.getClass().getSimpleName()
        : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }
}
