package io.cachesync.sidecar.tier.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.StoreEntry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WriteCoalescerTest {

  static StoreEntry write(String key, String value) {
    return StoreEntry.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
  }

  static StoreEntry delete(String key) {
    return StoreEntry.newBuilder().setKey(key).setDelete(true).build();
  }

  @Test
  @DisplayName("a key written several times in a batch reaches the store once, with its last value")
  void lastValueWins() {
    List<StoreEntry> batch =
        WriteCoalescer.latestPerKey(
            List.of(write("a", "1"), write("b", "1"), write("a", "2"), write("a", "3")));

    assertThat(batch).containsExactly(write("b", "1"), write("a", "3"));
  }

  @Test
  @DisplayName("a delete after a write wins, and a write after a delete wins")
  void deletesAreWritesToo() {
    List<StoreEntry> batch =
        WriteCoalescer.latestPerKey(
            List.of(write("a", "1"), delete("a"), delete("b"), write("b", "2")));

    assertThat(batch).containsExactly(delete("a"), write("b", "2"));
  }

  @Test
  @DisplayName("keys come out in the order of their latest writes; distinct keys are untouched")
  void orderOfLatestWrites() {
    List<StoreEntry> distinct = List.of(write("x", "1"), write("y", "1"), write("z", "1"));
    assertThat(WriteCoalescer.latestPerKey(distinct)).containsExactlyElementsOf(distinct);

    List<StoreEntry> moved =
        WriteCoalescer.latestPerKey(List.of(write("x", "1"), write("y", "1"), write("x", "2")));
    assertThat(moved).extracting(StoreEntry::getKey).containsExactly("y", "x");
    assertThat(WriteCoalescer.latestPerKey(List.of())).isEmpty();
  }
}
