package io.cachesync.sidecar.tier.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  @DisplayName("delays double up to the cap and start over after a reset")
  void doublesUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  @DisplayName("a cap below the first delay wins")
  void capBelowFirst() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(30));

    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(30));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(30));
  }
}
