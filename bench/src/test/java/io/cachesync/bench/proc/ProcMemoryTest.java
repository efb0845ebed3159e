package io.cachesync.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcMemoryTest {
  @Test
  @DisplayName("USS is private clean + private dirty; RSS and PSS as the rollup says")
  void parsesTheRollup() throws IOException {
    String rollup =
        """
        55a0c0de0000-7ffd1234d000 ---p 00000000 00:00 0                          [rollup]
        Rss:              120000 kB
        Pss:               70000 kB
        Pss_Anon:          40000 kB
        Shared_Clean:      50000 kB
        Private_Clean:      2000 kB
        Private_Dirty:     38000 kB
        Swap:                  0 kB
        """;

    ProcMemory.Footprint f = ProcMemory.parseRollup(rollup);

    assertThat(f.rss()).isEqualTo(120000L * 1024);
    assertThat(f.pss()).isEqualTo(70000L * 1024);
    assertThat(f.uss()).isEqualTo(40000L * 1024);
  }

  @Test
  @DisplayName("a rollup without the fields is an error naming what is missing")
  void refusesARollupWithoutTheFields() {
    assertThatThrownBy(() -> ProcMemory.parseRollup("Rss: 10 kB\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Pss");
  }

  @Test
  @DisplayName("this JVM's own footprint: unique and proportional memory within its RSS")
  void readsALiveProcess() throws IOException {
    ProcMemory.Footprint f = ProcMemory.footprint(ProcessHandle.current().pid());

    assertThat(f.uss()).isPositive().isLessThanOrEqualTo(f.rss());
    assertThat(f.pss()).isGreaterThanOrEqualTo(f.uss()).isLessThanOrEqualTo(f.rss());
  }
}
