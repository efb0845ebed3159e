package io.cachesync.consistency.history;

/**
 * One operation of the workload, from its invocation to its completion, as the client saw it.
 *
 * @param process the sidecar it went to (0-based), or {@link #OUTSIDE}
 * @param value a write's value; what a read returned, or null for a miss; null for a delete
 * @param invokeNanos {@link System#nanoTime()} just before the first call of the operation
 * @param completeNanos {@link System#nanoTime()} just after its last call returned
 * @param note how a read was answered (hit, loaded, db) or why an operation failed
 */
public record Op(
    long id,
    int process,
    int worker,
    String cache,
    String key,
    OpKind kind,
    String value,
    long invokeNanos,
    long completeNanos,
    Outcome outcome,
    String note) {

  /** The process of a change an outside writer made straight in the database and Redis. */
  public static final int OUTSIDE = -1;

  /** {@code pod-N}, or {@code outside}. */
  public String processName() {
    return process == OUTSIDE ? "outside" : "pod-" + (process + 1);
  }

  /** The same operation counted as {@link Outcome#UNKNOWN} (e.g. lost to a declared window). */
  public Op unknown(String why) {
    return new Op(
        id,
        process,
        worker,
        cache,
        key,
        kind,
        value,
        invokeNanos,
        completeNanos,
        Outcome.UNKNOWN,
        why);
  }

  public boolean isChange() {
    return kind != OpKind.READ;
  }
}
