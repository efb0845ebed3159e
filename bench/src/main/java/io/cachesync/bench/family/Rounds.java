package io.cachesync.bench.family;

import java.util.List;
import java.util.function.Consumer;

/**
 * Series compared in one run are measured in interleaved rounds, every series once per round and
 * the order rotated each round, so that a busy neighbour on the shared machine hurts each alike.
 */
final class Rounds {
  private Rounds() {}

  static <T> void rotate(List<T> series, int rounds, Consumer<T> measure) {
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < series.size(); i++)
        measure.accept(series.get((i + round) % series.size()));
    }
  }
}
