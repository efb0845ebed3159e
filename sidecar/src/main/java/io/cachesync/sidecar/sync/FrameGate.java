package io.cachesync.sidecar.sync;

import io.cachesync.sidecar.sync.RejectedFrameException.Reason;

/**
 * What a received message must pass before anything in it is acted on, cheapest first: its size,
 * then (with a key) its MAC, then its structure. Without a key frames need no MAC, and a signed one
 * is read without checking it: the local, development mode.
 */
final class FrameGate {
  private final FrameMac mac;
  private final int maxFrameBytes;

  FrameGate(FrameMac mac, int maxFrameBytes) {
    this.mac = mac;
    this.maxFrameBytes = maxFrameBytes;
  }

  Frame open(byte[] bytes) throws RejectedFrameException {
    if (bytes == BoundedFrameCodec.OVERSIZED || bytes.length > maxFrameBytes) {
      throw new RejectedFrameException(
          Reason.OVERSIZED, "a message over sync.maxFrameBytes (" + maxFrameBytes + " bytes)");
    }
    if (mac != null) {
      if (bytes.length < 1 || (bytes[0] & 0xFF) != FrameCodec.MAGIC) {
        throw new RejectedFrameException(
            Reason.MALFORMED, "not a CacheSync frame (bad magic byte)");
      }
      if (!FrameCodec.signed(bytes)) {
        throw new RejectedFrameException(
            Reason.SIGNATURE, "an unsigned frame (its sender has no sync.keyFile)");
      }
      if (!mac.verify(bytes)) {
        throw new RejectedFrameException(
            Reason.SIGNATURE,
            "a frame whose MAC does not match this sidecar's sync key (forged, or from a pod"
                + " with another sync.keyFile)");
      }
    }
    try {
      return FrameCodec.decode(bytes);
    } catch (MalformedFrameException e) {
      throw new RejectedFrameException(Reason.MALFORMED, e.getMessage());
    }
  }
}
