package io.cachesync.operator.template;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Locale;

/**
 * The heap the JVM of an injected sidecar will get, worked out as the JVM does from what the
 * webhook injects: the container's memory limit, and {@code -Xmx} (or {@code -XX:MaxHeapSize}) else
 * {@code -XX:MaxRAMPercentage} (the JVM's default 25) in its {@code JAVA_TOOL_OPTIONS}. Zero when
 * the container has no memory limit and no {@code -Xmx}: then the sidecar settles its caches'
 * bounds from the heap it finds at start.
 */
public final class SidecarHeap {
  static final double JVM_DEFAULT_MAX_RAM_PERCENTAGE = 25;

  private SidecarHeap() {}

  public static long of(CacheSync cs, SidecarDefaults defaults) {
    Container c = SidecarTemplate.render(cs, defaults).container();
    Quantity limit =
        c.getResources() == null || c.getResources().getLimits() == null
            ? null
            : c.getResources().getLimits().get("memory");
    String options =
        c.getEnv().stream()
            .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse("");
    return of(limit == null ? 0 : Quantity.getAmountInBytes(limit).longValue(), options);
  }

  /**
   * @param memoryLimit the container's memory limit in bytes, 0 for none
   */
  static long of(long memoryLimit, String jvmOptions) {
    long xmx = 0;
    double percentage = JVM_DEFAULT_MAX_RAM_PERCENTAGE;
    for (String option : jvmOptions.trim().split("\\s+")) {
      if (option.startsWith("-Xmx")) {
        xmx = size(option.substring(4));
      } else if (option.startsWith("-XX:MaxHeapSize=")) {
        xmx = size(option.substring("-XX:MaxHeapSize=".length()));
      } else if (option.startsWith("-XX:MaxRAMPercentage=")) {
        try {
          percentage = Double.parseDouble(option.substring("-XX:MaxRAMPercentage=".length()));
        } catch (NumberFormatException e) {
          // the JVM refuses to start on it; nothing to derive
          return 0;
        }
      }
    }
    if (xmx > 0) return xmx; // -Xmx wins over MaxRAMPercentage, wherever it stands
    return memoryLimit <= 0 ? 0 : (long) (memoryLimit * percentage / 100);
  }

  /** A JVM size: bytes, or with k, m, g or t (any case, powers of 1024); 0 when unreadable. */
  static long size(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    long factor = 1;
    char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
    switch (unit) {
      case 'k' -> factor = 1L << 10;
      case 'm' -> factor = 1L << 20;
      case 'g' -> factor = 1L << 30;
      case 't' -> factor = 1L << 40;
      default -> {}
    }
    String digits = factor == 1 ? v : v.substring(0, v.length() - 1);
    try {
      return Math.multiplyExact(Long.parseLong(digits), factor);
    } catch (NumberFormatException | ArithmeticException e) {
      return 0;
    }
  }
}
