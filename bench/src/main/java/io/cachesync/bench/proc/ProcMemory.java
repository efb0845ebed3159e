package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set, as the kernel counts it ({@code VmRSS} in /proc/PID/status). */
public final class ProcMemory {
  private ProcMemory() {}

  /**
   * @throws IOException when the process is gone or /proc cannot be read
   */
  public static long rssBytes(long pid) throws IOException {
    for (String line :
        Files.readAllLines(
            Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid + "/status");
  }
}
