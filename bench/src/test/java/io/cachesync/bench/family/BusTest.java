package io.cachesync.bench.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.bench.report.FigureCatalog;
import io.cachesync.bench.report.FigureSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BusTest {
  @Test
  @DisplayName("the signed bus is Pub/Sub with a key; its families and figures carry signed_")
  void signedBus() {
    assertThat(Bus.SIGNED.delivery()).isEqualTo("PubSub");
    assertThat(Bus.SIGNED.signed()).isTrue();
    assertThat(Bus.PUB_SUB.signed()).isFalse();
    assertThat(Bus.STREAM.signed()).isFalse();
    assertThat(new PropagationFamily(Bus.SIGNED).name()).isEqualTo("signed-propagation");
    assertThat(new InvalidationFamily(Bus.SIGNED).name()).isEqualTo("signed-invalidation");
    assertThat(new PropagationFamily(Bus.SIGNED).figures())
        .containsExactly(
            "signed_propagation_p50_us", "signed_propagation_p99_us", "signed_propagation_lost");
    assertThat(new InvalidationFamily(Bus.SIGNED).figures())
        .containsExactly(
            "signed_invalidation_keys_per_s",
            "signed_invalidation_lost",
            "signed_invalidation_gaps");
  }

  @Test
  @DisplayName("the existing names stay as outside tools read them")
  void existingNamesUnchanged() {
    assertThat(new PropagationFamily().name()).isEqualTo("propagation");
    assertThat(new PropagationFamily(Bus.STREAM).figures())
        .containsExactly(
            "stream_propagation_p50_us", "stream_propagation_p99_us", "stream_propagation_lost");
    assertThat(new InvalidationFamily().figures())
        .containsExactly("invalidation_keys_per_s", "invalidation_lost", "invalidation_gaps");
    assertThat(new InvalidationFamily(Bus.STREAM).name()).isEqualTo("stream-invalidation");
  }

  @Test
  @DisplayName("each variant's figure is in the catalog with the default bus's figure as baseline")
  void variantsCompareWithTheDefaultBus() {
    for (Bus bus : new Bus[] {Bus.STREAM, Bus.SIGNED}) {
      for (String base :
          new String[] {"propagation_p50_us", "propagation_p99_us", "invalidation_keys_per_s"}) {
        FigureSpec spec = FigureCatalog.spec(bus.figure(base));
        assertThat(spec.baseline()).as(spec.name()).isEqualTo(base);
        assertThat(spec.fixed()).as(spec.name()).isTrue();
      }
      for (String counter :
          new String[] {"propagation_lost", "invalidation_lost", "invalidation_gaps"}) {
        assertThat(FigureCatalog.spec(bus.figure(counter)).target()).isNotNull();
      }
    }
  }
}
