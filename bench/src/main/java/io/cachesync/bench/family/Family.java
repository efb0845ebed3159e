package io.cachesync.bench.family;

import io.cachesync.bench.Rig;
import io.cachesync.bench.report.Results;
import java.util.List;

/**
 * One kind of measurement: it asks the {@link Rig} for what it needs, measures, and puts its
 * figures (and notes on where the time or bytes go) into the results. A family that throws loses
 * its figures and the harness goes on with the next one.
 */
public interface Family {
  /** The name {@code --only} knows it by. */
  String name();

  /** The figures it produces, all of them on success. */
  List<String> figures();

  void run(Rig rig, Results results) throws Exception;

  /**
   * The Redis deployment it measures on, for {@code --topology}; null for a family that has no
   * variant per topology (it always runs on the one server).
   */
  default Topology topology() {
    return null;
  }
}
