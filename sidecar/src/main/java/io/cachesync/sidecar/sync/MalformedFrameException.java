package io.cachesync.sidecar.sync;

/** Bytes on the channel that are not a frame this sidecar can read; counted and dropped. */
public final class MalformedFrameException extends Exception {
  public MalformedFrameException(String reason) {
    super(reason, null, false, false);
  }
}
