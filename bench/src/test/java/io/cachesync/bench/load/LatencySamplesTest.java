package io.cachesync.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LatencySamplesTest {
  @Test
  @DisplayName("percentiles are nearest-rank over every sample, in microseconds")
  void nearestRank() {
    LatencySamples s = new LatencySamples();
    for (int i = 100; i >= 1; i--) s.add(i * 1_000L); // 1..100 us, added out of order

    assertThat(s.percentileMicros(50)).isEqualTo(50.0);
    assertThat(s.percentileMicros(99)).isEqualTo(99.0);
    assertThat(s.percentileMicros(100)).isEqualTo(100.0);
  }
}
