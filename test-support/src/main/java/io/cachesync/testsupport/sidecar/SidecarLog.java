package io.cachesync.testsupport.sidecar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sidecar's log file, read back for error messages. Every launch appends to it, so a restarted
 * sidecar's history stays in one place; {@link #size()} marks where a launch began.
 */
final class SidecarLog {
  private final Path file;

  SidecarLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Its length in bytes now (0 when it does not exist yet). */
  long size() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Everything from byte {@code offset} on; empty when it cannot be read. */
  String textFrom(long offset) {
    try {
      byte[] all = Files.readAllBytes(file);
      int from = (int) Math.min(Math.max(0, offset), all.length);
      // decoded leniently: a half-written character must not hide the rest
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code lines} lines, each indented with {@code " | "}, for error messages. */
  String tail(int lines) {
    String[] all = textFrom(0).split("\\R");
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
      b.append("    | ").append(all[i]).append('\n');
    }
    return b.toString();
  }
}
