package io.cachesync.sidecar.sync;

import java.util.List;

/**
 * One message on the channel. A batch carries changes under the next sequence number of its origin;
 * a heartbeat carries the last sequence number the origin published, so a lost last batch is
 * noticed too; a goodbye is an orderly shutdown's last word, with the last sequence number as well:
 * an origin that falls silent without one may have died holding changes it never published.
 */
public record Frame(Type type, String origin, long sequence, List<Change> changes) {

  public enum Type {
    BATCH,
    HEARTBEAT,
    GOODBYE
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

  public static Frame goodbye(String origin, long lastSequence) {
    return new Frame(Type.GOODBYE, origin, lastSequence, List.of());
  }
}
