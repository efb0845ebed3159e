package io.cachesync.sidecar.tier.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.StoreEntry;
import io.lettuce.core.StreamMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FlushBatchTest {

  static StreamMessage<String, byte[]> entry(String id, String key, String value, boolean delete) {
    return new StreamMessage<>(
        "s", id, WriteBehindFields.encode(key, ByteString.copyFromUtf8(value), delete));
  }

  @Test
  @DisplayName("every id is acknowledged, the coalesced-away and undecodable ones included")
  void acknowledgesEverything() {
    FlushBatch batch =
        FlushBatch.of(
            List.of(
                entry("1700000000100-0", "a", "1", false),
                new StreamMessage<>("s", "1700000000100-1", Map.of("x", new byte[] {1})),
                entry("1700000000200-0", "a", "2", false),
                entry("1700000000300-5", "b", "", true)));

    assertThat(batch.ids())
        .containsExactly(
            "1700000000100-0", "1700000000100-1", "1700000000200-0", "1700000000300-5");
    assertThat(batch.entries())
        .containsExactly(
            StoreEntry.newBuilder().setKey("a").setValue(ByteString.copyFromUtf8("2")).build(),
            StoreEntry.newBuilder().setKey("b").setDelete(true).build());
    assertThat(batch.oldestMillis()).isEqualTo(1700000000100L);
  }

  @Test
  @DisplayName(
      "deferring a key leaves out its entry and every id of it, so nothing of it is stored or acknowledged now; without() keeps the ids")
  void deferring() {
    FlushBatch batch =
        FlushBatch.of(
            List.of(
                entry("1-0", "a", "1", false),
                entry("2-0", "b", "1", false),
                entry("3-0", "a", "2", false),
                new StreamMessage<>("s", "4-0", Map.of("x", new byte[] {1}))));
    FlushBatch later = batch.deferring(java.util.Set.of("a"));
    assertThat(later.ids()).containsExactly("2-0", "4-0");
    assertThat(later.entries()).extracting(StoreEntry::getKey).containsExactly("b");
    assertThat(later.latestIds()).containsOnlyKeys("b");
    assertThat(batch.without(java.util.Set.of("a")).ids()).hasSize(4);
    assertThat(batch.deferring(java.util.Set.of())).isSameAs(batch);
  }

  @Test
  @DisplayName(
      "the fields round-trip, a delete carries no value, and a body without a key is refused")
  void fields() {
    StoreEntry write =
        WriteBehindFields.decode(
            WriteBehindFields.encode("k", ByteString.copyFromUtf8("v"), false));
    assertThat(write.getKey()).isEqualTo("k");
    assertThat(write.getValue().toStringUtf8()).isEqualTo("v");
    assertThat(write.getDelete()).isFalse();

    StoreEntry delete =
        WriteBehindFields.decode(WriteBehindFields.encode("k", ByteString.copyFromUtf8("v"), true));
    assertThat(delete.getDelete()).isTrue();
    assertThat(delete.getValue()).isEqualTo(ByteString.EMPTY);

    assertThat(WriteBehindFields.decode(null)).isNull();
    assertThat(WriteBehindFields.decode(Map.of("v", new byte[] {1}))).isNull();
  }
}
