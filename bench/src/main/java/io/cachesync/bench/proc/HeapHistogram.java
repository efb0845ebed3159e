package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of another JVM by class, from {@code jcmd PID GC.class_histogram}: that command
 * runs a full GC first, so the totals are live objects only, not garbage waiting for collection.
 * Two of them around an insert give the bytes the inserted entries keep alive. The filler arrays
 * newer JDKs use to pad unused heap are left out.
 */
public record HeapHistogram(long totalBytes, Map<String, Long> bytesByClass) {
  private static final String FILLER = "jdk.internal.vm.FillerElement[]";

  /**
   * @throws IOException when jcmd cannot be run or its output has no total
   */
  public static HeapHistogram of(Path jcmd, long pid) throws IOException {
    Process p =
        new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("jcmd GC.class_histogram took over 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return parse(out);
  }

  /**
   * Rows are {@code num: instances bytes class}; the last line is {@code Total instances bytes}.
   */
  static HeapHistogram parse(String text) throws IOException {
    Map<String, Long> byClass = new HashMap<>();
    long total = -1;
    for (String line : text.split("\\R")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        byClass.merge(f[3], Long.parseLong(f[2]), Long::sum);
      } else if (f.length == 3 && f[0].equals("Total")) {
        total = Long.parseLong(f[2]);
      }
    }
    if (total < 0) throw new IOException("no total in jcmd's output:\n" + text);
    // filler arrays pad unused heap (retired TLABs, region ends) on newer JDKs: not live data
    Long fillers = byClass.remove(FILLER);
    return new HeapHistogram(total - (fillers == null ? 0 : fillers), byClass);
  }
}
