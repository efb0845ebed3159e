package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The frame key of the signed pods ({@code sync.keyFile}), made as the operator makes one: 43
 * characters of base64url of 32 random bytes, readable only by this user.
 */
public final class SyncKeyFile {
  private SyncKeyFile() {}

  /** Writes a fresh key to {@code file} and returns the file. */
  public static Path write(Path file) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    // a key is a secret even in a temp dir: owner-only, as a mounted Secret would be
    file.toFile().setReadable(false, false);
    file.toFile().setReadable(true, true);
    return file;
  }
}
