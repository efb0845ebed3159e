package io.cachesync.consistency.faults;

import io.cachesync.consistency.run.StoreOfRecord;
import java.util.Random;

/**
 * The application's CacheLoader misbehaving: slow (every call answers 0.3 to 1.5 s late, a Load
 * with the row as it was when asked, which is how stale loads race writes), failing (UNAVAILABLE)
 * or hanging (no answer; the sidecar's {@code loader.timeout} ends each call).
 */
record LoaderFault(StoreOfRecord store, FaultKind kind) implements Fault {
  @Override
  public String inject(Random random) {
    if (kind == FaultKind.FAILING_LOADER) {
      store.failing(true);
      return "loader";
    }
    if (kind == FaultKind.HANGING_LOADER) {
      store.hanging(true);
      return "loader";
    }
    long millis = 300 + random.nextInt(1_200);
    store.delay(millis);
    return "loader (+" + millis + " ms)";
  }

  @Override
  public void heal() {
    store.delay(0);
    store.failing(false);
    store.hanging(false);
  }
}
