package io.cachesync.sidecar.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PermitQueueTest {

  @Test
  @DisplayName("tasks beyond the permits wait, and start in arrival order as permits free")
  void fifo() {
    PermitQueue permits = new PermitQueue(2);
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      permits.submit(() -> started.add(n));
    }
    assertThat(started).containsExactly(0, 1);
    assertThat(permits.waiting()).isEqualTo(3);

    permits.release();
    assertThat(started).containsExactly(0, 1, 2);
    permits.release();
    permits.release();
    assertThat(started).containsExactly(0, 1, 2, 3, 4);
    assertThat(permits.waiting()).isZero();
  }

  @Test
  @DisplayName("tasks that finish at once (a call failing fast) do not recurse: no stack overflow")
  void inlineReleaseDoesNotRecurse() {
    PermitQueue permits = new PermitQueue(1);
    List<Integer> started = new ArrayList<>();
    Runnable[] holder = new Runnable[1];
    permits.submit(() -> holder[0] = permits::release); // holds the only permit
    for (int i = 0; i < 100_000; i++) {
      int n = i;
      permits.submit(
          () -> {
            started.add(n);
            permits.release();
          });
    }
    assertThat(started).isEmpty();

    holder[0].run();

    assertThat(started).hasSize(100_000);
    assertThat(started.get(99_999)).isEqualTo(99_999);
  }
}
