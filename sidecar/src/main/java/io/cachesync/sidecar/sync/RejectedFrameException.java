package io.cachesync.sidecar.sync;

/** A message on the channel that is not acted on, and why; counted by reason and dropped. */
final class RejectedFrameException extends Exception {
  enum Reason {
    /** Over {@code sync.maxFrameBytes}: dropped before decoding. */
    OVERSIZED("oversized"),
    /** No MAC, or a wrong one, while this sidecar has a key. */
    SIGNATURE("signature"),
    /** Not a frame this sidecar can read. */
    MALFORMED("malformed");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  final Reason reason;

  RejectedFrameException(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }
}
