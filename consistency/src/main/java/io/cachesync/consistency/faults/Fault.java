package io.cachesync.consistency.faults;

import java.util.Random;

/** One kind of fault: injected, held for a while by the schedule, then healed. */
public interface Fault {
  FaultKind kind();

  /**
   * Injects it.
   *
   * @return what it hit ({@code pod-2}, {@code redis}, {@code loader}) and how, for the report
   */
  String inject(Random random) throws Exception;

  /** Whether it can be injected again (a failover kills a master for good: once per run). */
  default boolean available() {
    return true;
  }

  /** Undoes it; returns once the system can work again (a restarted process is SERVING). */
  void heal() throws Exception;
}
