package io.cachesync.sidecar.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of the config file and the CacheSync resource: {@code 250ms}, {@code 30s},
 * {@code 10m}, {@code 1h}, {@code 1h30m}.
 */
public final class Durations {
  /** The pattern the CRD validates against too: one or more number-unit pairs. */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h|d))+$";

  private static final Pattern WHOLE = Pattern.compile(PATTERN);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String field, String text) {
    if (text == null || !WHOLE.matcher(text.trim()).matches()) {
      throw new ConfigException(
          field + ": '" + text + "' is not a duration; write e.g. 250ms, 30s, 10m, 1h or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text.trim());
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
    }
    return total;
  }

  /** The shortest form that {@link #parse} reads back to the same value. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1_000 == 0 && ms > 0) return ms / 1_000 + "s";
    return ms + "ms";
  }
}
