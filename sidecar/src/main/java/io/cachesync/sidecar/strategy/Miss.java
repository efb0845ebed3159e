package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;

/**
 * What a Get miss in L1 came to: a value found further down (L2, the store of record), or nothing,
 * with the fill token the application must pass back (LookAside only; 0 otherwise).
 */
public record Miss(ByteString value, long fillToken) {

  public static Miss notFound(long fillToken) {
    return new Miss(null, fillToken);
  }

  public static Miss found(ByteString value) {
    return new Miss(value, 0);
  }

  public boolean found() {
    return value != null;
  }
}
