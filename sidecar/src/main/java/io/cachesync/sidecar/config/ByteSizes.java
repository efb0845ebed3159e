package io.cachesync.sidecar.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte quantities as Kubernetes writes them: {@code 1048576}, {@code 512Ki}, {@code 64Mi},
 * {@code 1Gi}, {@code 100M}.
 */
public final class ByteSizes {
  public static final String PATTERN = "^[0-9]+(Ki|Mi|Gi|K|M|G)?$";

  private static final Pattern FORM = Pattern.compile("([0-9]+)(Ki|Mi|Gi|K|M|G)?");

  private ByteSizes() {}

  public static long parse(String field, String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new ConfigException(
          field + ": '" + text + "' is not a byte size; write e.g. 1048576, 512Ki, 64Mi or 1Gi");
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        m.group(2) == null
            ? 1
            : switch (m.group(2)) {
              case "Ki" -> 1L << 10;
              case "Mi" -> 1L << 20;
              case "Gi" -> 1L << 30;
              case "K" -> 1_000L;
              case "M" -> 1_000_000L;
              default -> 1_000_000_000L;
            };
    return Math.multiplyExact(n, unit);
  }
}
