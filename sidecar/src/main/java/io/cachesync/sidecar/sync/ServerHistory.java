package io.cachesync.sidecar.sync;

/**
 * Which data a Redis server holds, from its INFO: the process ({@code run_id}) and the replication
 * history ({@code master_replid}, and {@code master_replid2}, the history a promoted replica
 * continues). A {@link StreamSubscription} compares the server it reads on after a failure with the
 * one it read before: the same process, or a replica promoted from it (its {@code master_replid2}
 * is the old master's {@code master_replid}), holds what was read, up to the replication lag; a
 * restarted server may not, whatever it restored, so it never counts as a continuation.
 */
record ServerHistory(String runId, String replid, String replid2) {

  /** Parses the {@code server} and {@code replication} sections of an INFO reply. */
  static ServerHistory of(String info) {
    return new ServerHistory(
        field(info, "run_id"), field(info, "master_replid"), field(info, "master_replid2"));
  }

  /**
   * Whether {@code now} holds the data this server held: the same process, or a replica of it
   * promoted since. What the old master had not replicated yet is not in it; a frame lost that way
   * leaves a gap in its origin's sequence numbers, which the subscriber repairs.
   */
  boolean continuedBy(ServerHistory now) {
    if (runId != null && runId.equals(now.runId)) return true;
    return replid != null && replid.equals(now.replid2);
  }

  private static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) return line.substring(name.length() + 1).trim();
    }
    return null;
  }
}
