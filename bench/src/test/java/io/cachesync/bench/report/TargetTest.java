package io.cachesync.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  @DisplayName("a ratio floor passes at or above its bound, misses below, cannot tell without one")
  void ratioAtLeast() {
    Target t = Target.ratioAtLeast(0.8);

    assertThat(t.met(80, 0.8)).isTrue();
    assertThat(t.met(95, 0.95)).isTrue();
    assertThat(t.met(79, 0.79)).isFalse();
    assertThat(t.met(79, null)).isNull();
    assertThat(t.describe()).isEqualTo("ratio >= 0.80");
  }

  @Test
  @DisplayName("every fan-out figure through the sidecars is held to 0.8 of its raw floor")
  void fanoutTargets() {
    for (int n : new int[] {4, 32, 128}) {
      FigureSpec s = FigureCatalog.spec("fanout_keys_per_s_" + n);
      assertThat(s.baseline()).isEqualTo("fanout_raw_keys_per_s_" + n);
      assertThat(s.target()).isEqualTo(Target.ratioAtLeast(0.8));
      assertThat(FigureCatalog.spec("fanout_redis_cpu_us_per_msg_" + n).baseline())
          .isEqualTo("fanout_raw_redis_cpu_us_per_msg_" + n);
    }
  }
}
