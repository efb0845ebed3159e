package io.cachesync.consistency.check;

import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-made operations on one key, with times in milliseconds. */
final class Ops {
  private static final AtomicLong IDS = new AtomicLong();

  private Ops() {}

  static Op write(String value, long from, long to) {
    return op(0, OpKind.WRITE, value, from, to, Outcome.OK);
  }

  static Op delete(long from, long to) {
    return op(0, OpKind.DELETE, null, from, to, Outcome.OK);
  }

  static Op read(int process, String value, long from, long to) {
    return op(process, OpKind.READ, value, from, to, Outcome.OK);
  }

  static Op op(int process, OpKind kind, String value, long from, long to, Outcome outcome) {
    return new Op(
        IDS.incrementAndGet(),
        process,
        0,
        "c",
        "k",
        kind,
        value,
        from * 1_000_000,
        to * 1_000_000,
        outcome,
        "");
  }
}
