package io.cachesync.sidecar.sync;

import java.util.List;

/**
 * One message on the channel. A batch carries changes under the next sequence number of its origin;
 * a heartbeat carries the last sequence number the origin published, so a lost last batch is
 * noticed too.
 */
public record Frame(Type type, String origin, long sequence, List<Change> changes) {

  public enum Type {
    BATCH,
    HEARTBEAT
  }

  public Frame {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  public static Frame batch(String origin, long sequence, List<Change> changes) {
    return new Frame(Type.BATCH, origin, sequence, changes);
  }

  public static Frame heartbeat(String origin, long lastSequence) {
    return new Frame(Type.HEARTBEAT, origin, lastSequence, List.of());
  }
}
