package io.cachesync.sidecar.cache;

/**
 * How L1 holds a key. A key of at most {@value #MAX_PACKED} Latin-1 characters (most cache keys:
 * "user:1234", a UUID without dashes) is packed into the long fields of one small object, one
 * character per byte and the length in the last word's top byte; any other key stays the String it
 * came as. A String costs its own 24 bytes plus an array's header and padding; the packed form
 * saves 24 bytes per entry on JDK 17 (32 with compact object headers).
 *
 * <p>{@link #of} is a function of the String alone, so one key always has one form, and two forms
 * are equal exactly when their Strings are: a lookup, a change and a fill of one key meet in the
 * same map slot and under the same lock, as with the String itself.
 */
abstract sealed class PackedKey
    permits PackedKey.One, PackedKey.Two, PackedKey.Three, PackedKey.Four {
  /** The longest key packed: four words, the last byte of the last one holding the length. */
  static final int MAX_PACKED = 31;

  /** The key as L1 holds it: a {@code PackedKey}, or {@code key} itself. */
  static Object of(String key) {
    int n = key.length();
    if (n > MAX_PACKED) return key;
    long a = 0;
    long b = 0;
    long c = 0;
    long d = 0;
    for (int i = 0; i < n; i++) {
      char ch = key.charAt(i);
      if (ch > 0xFF) return key;
      long bits = (long) ch << ((i & 7) << 3);
      switch (i >>> 3) {
        case 0 -> a |= bits;
        case 1 -> b |= bits;
        case 2 -> c |= bits;
        default -> d |= bits;
      }
    }
    // the chars fill at most bytes 0..6 of the last word, so its top byte is free for the length
    long length = (long) n << 56;
    return switch (n >>> 3) {
      case 0 -> new One(a | length);
      case 1 -> new Two(a, b | length);
      case 2 -> new Three(a, b, c | length);
      default -> new Four(a, b, c, d | length);
    };
  }

  /**
   * The heap an L1 key takes, for the weigher: the object's size on JDK 17 (12-byte headers,
   * compressed references); for a String, its own and its array's at a byte a character.
   */
  static int heapBytes(Object key) {
    if (key instanceof PackedKey p) return p.heapBytes();
    return 24 + align(16 + ((String) key).length());
  }

  abstract int heapBytes();

  abstract long word(int i);

  /** The key as it came, for logs and tests. */
  @Override
  public final String toString() {
    int words = this instanceof One ? 1 : this instanceof Two ? 2 : this instanceof Three ? 3 : 4;
    int n = (int) (word(words - 1) >>> 56);
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) chars[i] = (char) ((word(i >>> 3) >>> ((i & 7) << 3)) & 0xFF);
    return new String(chars);
  }

  private static int align(int bytes) {
    return (bytes + 7) & ~7;
  }

  /** Spreads the words over an int: the map and Caffeine's sketch use the low bits. */
  static int mix(long h) {
    h *= 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  static final class One extends PackedKey {
    private final long a;

    One(long a) {
      this.a = a;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof One k && k.a == a;
    }

    @Override
    public int hashCode() {
      return mix(a);
    }

    @Override
    int heapBytes() {
      return 24;
    }

    @Override
    long word(int i) {
      return i == 0 ? a : 0;
    }
  }

  static final class Two extends PackedKey {
    private final long a;
    private final long b;

    Two(long a, long b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Two k && k.a == a && k.b == b;
    }

    @Override
    public int hashCode() {
      return mix(a * 31 + b);
    }

    @Override
    int heapBytes() {
      return 32;
    }

    @Override
    long word(int i) {
      return i == 0 ? a : i == 1 ? b : 0;
    }
  }

  static final class Three extends PackedKey {
    private final long a;
    private final long b;
    private final long c;

    Three(long a, long b, long c) {
      this.a = a;
      this.b = b;
      this.c = c;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Three k && k.a == a && k.b == b && k.c == c;
    }

    @Override
    public int hashCode() {
      return mix((a * 31 + b) * 31 + c);
    }

    @Override
    int heapBytes() {
      return 40;
    }

    @Override
    long word(int i) {
      return i == 0 ? a : i == 1 ? b : i == 2 ? c : 0;
    }
  }

  static final class Four extends PackedKey {
    private final long a;
    private final long b;
    private final long c;
    private final long d;

    Four(long a, long b, long c, long d) {
      this.a = a;
      this.b = b;
      this.c = c;
      this.d = d;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Four k && k.a == a && k.b == b && k.c == c && k.d == d;
    }

    @Override
    public int hashCode() {
      return mix(((a * 31 + b) * 31 + c) * 31 + d);
    }

    @Override
    int heapBytes() {
      return 48;
    }

    @Override
    long word(int i) {
      return i == 0 ? a : i == 1 ? b : i == 2 ? c : d;
    }
  }
}
