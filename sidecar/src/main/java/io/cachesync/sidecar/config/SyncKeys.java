package io.cachesync.sidecar.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The keys that authenticate invalidation frames: {@code sync.keyFile} signs and verifies, {@code
 * sync.verifyKeyFile} (during a rotation: the next key first, then the last one) only verifies. A
 * key is the file's text, trailing newline and whitespace stripped (mounted Secrets end in one more
 * often than not), used as UTF-8 bytes; the operator writes 43 characters of base64url. Read at
 * start, where a missing or short key stops the sidecar with the field's name instead of leaving it
 * deaf to its peers; later changes to {@code sync.keyFile} are taken by the bus's key watcher.
 */
public record SyncKeys(byte[] current, byte[] verifyOnly) {
  /** HMAC-SHA256 is as strong as its key up to 32 bytes; a shorter one is guessable sooner. */
  public static final int MIN_KEY_BYTES = 32;

  /** The keys of {@code sync}, or null when it names no key file (the local, unsigned mode). */
  public static SyncKeys of(SyncConfig sync) {
    if (sync.keyFile() == null) {
      if (sync.verifyKeyFile() != null) {
        throw new ConfigException(
            "sync.verifyKeyFile: only verifies frames during a key rotation; set sync.keyFile too");
      }
      return null;
    }
    return new SyncKeys(
        read("sync.keyFile", sync.keyFile()),
        sync.verifyKeyFile() == null ? null : read("sync.verifyKeyFile", sync.verifyKeyFile()));
  }

  /**
   * The key in {@code file}, or a {@link ConfigException} naming {@code field} and saying what to
   * fix when it is missing, unreadable or short.
   */
  public static byte[] read(String field, String file) {
    String text;
    try {
      text = Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          field + ": " + file + " does not exist; mount the sync key Secret there");
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          field
              + ": "
              + file
              + " cannot be read (permission denied); the sidecar needs read access");
    } catch (IOException | InvalidPathException e) {
      throw new ConfigException(field + ": " + file + " cannot be read: " + e.getMessage(), e);
    }
    byte[] key = text.strip().getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_KEY_BYTES) {
      throw new ConfigException(
          field
              + ": the key in "
              + file
              + " has "
              + key.length
              + " bytes, fewer than the "
              + MIN_KEY_BYTES
              + " it needs; write e.g. 43 characters of base64url of 32 random bytes");
    }
    return key;
  }

  /** The keys are secrets: they never reach a log line through this record. */
  @Override
  public String toString() {
    return "SyncKeys[current=***, verifyOnly=" + (verifyOnly == null ? "none" : "***") + "]";
  }
}
