package io.cachesync.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine block of the report: what the figures were taken on. The load average is recorded at
 * start and end because the machines this runs on are shared, and a busy neighbour moves every
 * figure.
 */
public final class Machine {
  private final Map<String, Object> block = new LinkedHashMap<>();

  private Machine() {}

  /** Cores, CPU, memory, OS, the harness's JDK and the load average now. */
  public static Machine describe() {
    Machine m = new Machine();
    m.block.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    m.block.put("cores", Runtime.getRuntime().availableProcessors());
    m.block.put("cpu_model", firstValue("/proc/cpuinfo", "model name"));
    String mem = firstValue("/proc/meminfo", "MemTotal");
    m.block.put(
        "memory_mib", mem == null ? null : Long.parseLong(mem.replaceAll("\\D", "")) / 1024);
    m.block.put("os", osName());
    m.block.put("kernel", System.getProperty("os.version"));
    m.block.put(
        "harness_jdk",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.block.put("load_average_start", loadAverage());
    m.block.put("shared", "other engineers build and test on this machine during runs");
    return m;
  }

  public Machine put(String key, Object value) {
    block.put(key, value);
    return this;
  }

  /** The load average now, recorded as the end of the run. */
  public Map<String, Object> finish() {
    block.put("load_average_end", loadAverage());
    return block;
  }

  public Object get(String key) {
    return block.get(key);
  }

  /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} has them. */
  static String loadAverage() {
    List<String> lines = lines("/proc/loadavg");
    if (lines.isEmpty()) return null;
    String[] f = lines.get(0).split("\\s+");
    return f.length < 3 ? null : f[0] + " " + f[1] + " " + f[2];
  }

  private static String osName() {
    for (String line : lines("/etc/os-release")) {
      if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
    }
    return System.getProperty("os.name");
  }

  private static String firstValue(String file, String key) {
    for (String line : lines(file)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(key))
        return line.substring(colon + 1).trim();
    }
    return null;
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
