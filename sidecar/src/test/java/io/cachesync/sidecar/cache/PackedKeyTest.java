package io.cachesync.sidecar.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PackedKeyTest {

  @Test
  @DisplayName(
      "Latin-1 keys of up to 31 characters are packed, in the smallest object that holds them")
  void packsShortKeys() {
    assertThat(PackedKey.of("")).isInstanceOf(PackedKey.One.class);
    assertThat(PackedKey.of("1234567")).isInstanceOf(PackedKey.One.class);
    assertThat(PackedKey.of("12345678")).isInstanceOf(PackedKey.Two.class);
    assertThat(PackedKey.of("entry-0000001")).isInstanceOf(PackedKey.Two.class);
    assertThat(PackedKey.of("x".repeat(23))).isInstanceOf(PackedKey.Three.class);
    assertThat(PackedKey.of("x".repeat(31))).isInstanceOf(PackedKey.Four.class);
    assertThat(PackedKey.of("caf\u00e9")).isInstanceOf(PackedKey.One.class);
  }

  @Test
  @DisplayName("longer keys and keys beyond Latin-1 stay the String they came as")
  void keepsOtherKeys() {
    String longKey = "x".repeat(32);
    assertThat(PackedKey.of(longKey)).isSameAs(longKey);
    String greek = "\u03ba\u03bb\u03b5\u03b9\u03b4\u03af";
    assertThat(PackedKey.of(greek)).isSameAs(greek);
  }

  @Test
  @DisplayName(
      "two keys are held equal exactly when their Strings are equal, trailing NULs included")
  void equalExactlyWhenStringsAre() {
    List<String> keys = new ArrayList<>();
    for (int n = 0; n <= 34; n++) {
      keys.add("k".repeat(n));
      keys.add("k".repeat(n) + "\u0000");
      keys.add("\u0000".repeat(n));
      keys.add("\u00ff".repeat(n));
    }
    keys.add("entry-0000001");
    keys.add("entry-0000002");
    keys.add("entry-1000000");
    for (String a : keys) {
      for (String b : keys) {
        Object pa = PackedKey.of(a);
        Object pb = PackedKey.of(b);
        assertThat(pa.equals(pb)).as("%s vs %s", a, b).isEqualTo(a.equals(b));
        if (a.equals(b)) assertThat(pa.hashCode()).isEqualTo(pb.hashCode());
      }
    }
  }

  @Test
  @DisplayName("a packed key reads back as its String")
  void roundTrip() {
    for (String k : List.of("", "a", "user:1234", "caf\u00e9-\u00ff", "x".repeat(31))) {
      assertThat(PackedKey.of(k).toString()).isEqualTo(k);
    }
  }

  @Test
  @DisplayName("neighbouring keys spread over the low bits of the hash the map indexes by")
  void hashesSpread() {
    Set<Integer> slots = new HashSet<>();
    int n = 1 << 12;
    for (int i = 0; i < n; i++) {
      int h = PackedKey.of(String.format("entry-%07d", i)).hashCode();
      slots.add((h ^ (h >>> 16)) & (n - 1));
    }
    // random hashes fill about 63 % of n slots with n keys
    assertThat(slots.size()).isGreaterThan(n / 2);
  }

  @Test
  @DisplayName("the weigher counts a packed key's object, and a String with its array")
  void heapBytes() {
    assertThat(PackedKey.heapBytes(PackedKey.of("entry-0000001"))).isEqualTo(32);
    assertThat(PackedKey.heapBytes(PackedKey.of("x".repeat(40)))).isEqualTo(24 + 56);
  }
}
