package io.cachesync.consistency.run;

import io.cachesync.consistency.check.Verdict;
import io.cachesync.consistency.history.History;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run recorded and what the checker made of it.
 *
 * @param undrained write-behind streams still holding entries after the drain's time limit
 * @param declaredLost acknowledged write-behind changes counted as of unknown outcome because a
 *     Redis restart (no AOF, as the docs declare) took them before their flush
 * @param dir the sidecars' configs and logs (kept when something failed)
 */
public record RunResult(
    List<CacheUnderTest> caches,
    History history,
    Verdict verdict,
    List<String> undrained,
    int declaredLost,
    Path dir) {

  public boolean passed() {
    return verdict.violations().isEmpty() && undrained.isEmpty();
  }
}
