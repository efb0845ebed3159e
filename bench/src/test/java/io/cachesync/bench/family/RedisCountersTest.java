package io.cachesync.bench.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisCountersTest {
  private static final String BEFORE =
      """
      # CPU\r
      used_cpu_sys:1.500000\r
      used_cpu_user:2.250000\r
      used_cpu_sys_children:9.000000\r
      # Commandstats\r
      cmdstat_get:calls=7,usec=3,usec_per_call=0.43,rejected_calls=0,failed_calls=0\r
      cmdstat_publish:calls=1000,usec=900,usec_per_call=0.90,rejected_calls=0,failed_calls=0\r
      """;

  @Test
  @DisplayName("CPU is user plus system of the server itself, PUBLISH its calls")
  void parsesInfo() {
    RedisCounters c = RedisCounters.parse(BEFORE);

    assertThat(c.cpuSeconds()).isCloseTo(3.75, within(1e-9));
    assertThat(c.publishes()).isEqualTo(1000);
  }

  @Test
  @DisplayName("CPU per delivered message divides by PUBLISHes times subscribers")
  void perDelivery() {
    RedisCounters before = RedisCounters.parse(BEFORE);
    RedisCounters after = new RedisCounters(before.cpuSeconds() + 0.064, 1_500);

    // 0.064 s over 500 publishes x 32 subscribers = 16,000 deliveries: 4 us each
    assertThat(after.microsPerDelivery(before, 32)).isCloseTo(4.0, within(1e-9));
    assertThat(before.microsPerDelivery(before, 32)).isNaN();
  }

  @Test
  @DisplayName("no PUBLISH yet counts as zero; no CPU lines is an error that says so")
  void missingLines() {
    assertThat(RedisCounters.parse("used_cpu_sys:1\nused_cpu_user:1\n").publishes()).isZero();
    assertThatThrownBy(() -> RedisCounters.parse("# CPU\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("used_cpu_sys");
  }
}
