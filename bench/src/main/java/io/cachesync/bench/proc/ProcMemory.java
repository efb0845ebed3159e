package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory as the kernel counts it, from /proc. */
public final class ProcMemory {
  private ProcMemory() {}

  /**
   * What a process costs the node, in bytes. {@code rss}: every page it maps that is resident;
   * {@code pss}: each page divided by the processes sharing it; {@code uss}: the pages no other
   * process maps (private clean + private dirty), what one more such process adds.
   */
  public record Footprint(long rss, long pss, long uss) {}

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

  /**
   * From {@code /proc/PID/smaps_rollup} (Linux 4.14 and later).
   *
   * @throws IOException when the process is gone or the kernel has no rollup
   */
  public static Footprint footprint(long pid) throws IOException {
    return parseRollup(
        Files.readString(
            Path.of("/proc", Long.toString(pid), "smaps_rollup"), StandardCharsets.UTF_8));
  }

  static Footprint parseRollup(String rollup) throws IOException {
    long rss = -1;
    long pss = -1;
    long privateClean = -1;
    long privateDirty = -1;
    for (String line : rollup.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String field = line.substring(0, colon);
      long kib;
      switch (field) {
        case "Rss", "Pss", "Private_Clean", "Private_Dirty" ->
            kib = Long.parseLong(line.substring(colon + 1).replaceAll("\\D", ""));
        default -> {
          continue;
        }
      }
      switch (field) {
        case "Rss" -> rss = kib * 1024;
        case "Pss" -> pss = kib * 1024;
        case "Private_Clean" -> privateClean = kib * 1024;
        default -> privateDirty = kib * 1024;
      }
    }
    if (rss < 0 || pss < 0 || privateClean < 0 || privateDirty < 0) {
      throw new IOException("smaps_rollup lacks Rss, Pss or Private_*: " + rollup.strip());
    }
    return new Footprint(rss, pss, privateClean + privateDirty);
  }
}
