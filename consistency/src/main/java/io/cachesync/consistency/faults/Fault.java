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

  /** Undoes it; returns once the system can work again (a restarted process is SERVING). */
  void heal() throws Exception;
}
