package io.cachesync.sidecar.tier.writebehind;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.cachesync.api.v1.StoreEntry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of one write-behind stream entry ({@code k} the key, {@code v} the value, {@code d}
 * "1" for a delete), kept in one place so the appending side and the flushing side cannot drift.
 */
final class WriteBehindFields {
  static final String KEY = "k";
  static final String VALUE = "v";
  static final String DELETE = "d";

  private static final byte[] YES = {'1'};
  private static final byte[] NO = {'0'};
  private static final byte[] EMPTY = {};

  private WriteBehindFields() {}

  /** The XADD body; a delete carries no value. */
  static Map<String, byte[]> encode(String key, ByteString value, boolean delete) {
    Map<String, byte[]> body = new LinkedHashMap<>(4);
    body.put(KEY, key.getBytes(StandardCharsets.UTF_8));
    body.put(VALUE, delete || value == null ? EMPTY : value.toByteArray());
    body.put(DELETE, delete ? YES : NO);
    return body;
  }

  /**
   * The entry as the store receives it, or null when the body is missing (an entry deleted from the
   * stream while still pending) or has no key (written by something other than a sidecar).
   */
  static StoreEntry decode(Map<String, byte[]> body) {
    if (body == null) return null;
    byte[] key = body.get(KEY);
    if (key == null || key.length == 0) return null;
    byte[] value = body.get(VALUE);
    byte[] delete = body.get(DELETE);
    boolean isDelete = delete != null && delete.length == 1 && delete[0] == '1';
    return StoreEntry.newBuilder()
        .setKey(new String(key, StandardCharsets.UTF_8))
        // the codec hands over a fresh array per field, so wrapping it without a copy is safe
        .setValue(
            isDelete || value == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(value))
        .setDelete(isDelete)
        .build();
  }
}
