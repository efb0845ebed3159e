package io.cachesync.consistency.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.run.CacheUnderTest.L2Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private static final List<CacheUnderTest> CACHES =
      CacheUnderTest.of(List.of(Strategy.values()), L2Mode.BOTH);

  private static List<Workload.Step> steps(long seed, int worker, int n) {
    Workload w = new Workload(seed, worker, CACHES, 5, 3, true);
    List<Workload.Step> steps = new ArrayList<>();
    for (int i = 0; i < n; i++) steps.add(w.next());
    return steps;
  }

  @Test
  @DisplayName("a seed replays the same steps per client thread; another seed or thread differs")
  void seeded() {
    assertThat(steps(42, 0, 500)).isEqualTo(steps(42, 0, 500));
    assertThat(steps(42, 0, 500)).isNotEqualTo(steps(43, 0, 500));
    assertThat(steps(42, 0, 500)).isNotEqualTo(steps(42, 1, 500));
  }

  @Test
  @DisplayName("mostly reads, every kind, key and sidecar; outside changes only where allowed")
  void mix() {
    List<Workload.Step> steps = steps(7, 0, 5_000);
    long reads = steps.stream().filter(s -> s.kind() == OpKind.READ).count();
    assertThat(reads).isBetween(3_000L, 3_500L);
    assertThat(steps).extracting(Workload.Step::kind).contains(OpKind.WRITE, OpKind.DELETE);
    assertThat(steps).extracting(Workload.Step::key).containsOnly("k0", "k1", "k2", "k3", "k4");
    assertThat(steps).extracting(Workload.Step::process).containsOnly(0, 1, 2);
    assertThat(steps.stream().filter(Workload.Step::outside))
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(s.cache().outsideWritable()).isTrue();
              assertThat(s.kind()).isNotEqualTo(OpKind.READ);
            });
  }

  @Test
  @DisplayName("every strategy with and without L2, WriteBehind with L2 only")
  void caches() {
    assertThat(CACHES)
        .extracting(CacheUnderTest::name)
        .containsExactly("la", "la-l2", "rt", "rt-l2", "wt", "wt-l2", "wb-l2", "wa", "wa-l2");
    assertThat(CacheUnderTest.of(List.of(Strategy.WRITE_BEHIND), L2Mode.OFF))
        .extracting(CacheUnderTest::name)
        .containsExactly("wb-l2");
  }
}
