package io.cachesync.bench.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PropagationFamilyTest {
  private static final char[] PHASES = {
    PropagationFamily.READY,
    PropagationFamily.WARM_UP,
    PropagationFamily.MEASURED,
    PropagationFamily.LOADED,
    PropagationFamily.COMPARED
  };

  @Test
  @DisplayName("every key of every phase has one length, the Watch streams' prefix, and no twin")
  void keysShareOneShape() {
    Set<String> keys = new HashSet<>();
    Set<Integer> lengths = new HashSet<>();
    for (char phase : PHASES) {
      for (int n : new int[] {0, 7, 99, 4_321, 99_999_999}) {
        String key = PropagationFamily.key(phase, n);
        assertThat(key).startsWith(PropagationFamily.PREFIX);
        assertThat(keys.add(key)).as("a second %s", key).isTrue();
        lengths.add(key.length());
      }
    }
    assertThat(lengths).hasSize(1);
    assertThat(PropagationFamily.key(PropagationFamily.WARM_UP, 42)).isEqualTo("p-w00000042");
  }

  @Test
  @DisplayName("raw Pub/Sub payloads are shaped as the keys, without the prefix")
  void payloadsAsKeys() {
    assertThat(PropagationFamily.payload(PropagationFamily.MEASURED, 1_234)).isEqualTo("m00001234");
    assertThat(PropagationFamily.key(PropagationFamily.MEASURED, 1_234))
        .isEqualTo(
            PropagationFamily.PREFIX
                + PropagationFamily.payload(PropagationFamily.MEASURED, 1_234));
  }
}
