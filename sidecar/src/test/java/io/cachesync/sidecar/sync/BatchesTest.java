package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BatchesTest {
  @Test
  @DisplayName("a batch too large to send becomes one clear per cache it touched, or everything")
  void asClears() {
    List<Change> batch =
        List.of(
            Change.keys(ChangeKind.INVALIDATED, "books", List.of("a", "b")),
            Change.keys(ChangeKind.DELETED, "books", List.of("c")),
            Change.keys(ChangeKind.UPDATED, "authors", List.of("d")));
    assertThat(Batches.asClears(batch))
        .containsExactly(Change.cleared("books"), Change.cleared("authors"));
    assertThat(Batches.asClears(List.of(batch.get(0), Change.everything())))
        .containsExactly(Change.everything());
  }
}
