package io.cachesync.operator;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Time limits for the JDK HTTP server that serves the webhook and the probes: without them a client
 * that sends half a request holds one of the webhook's four threads for good. The JDK reads these
 * system properties once, when its first server is created, so {@link #apply()} runs before either
 * server exists; a value set with {@code -D} (e.g. in JAVA_TOOL_OPTIONS) is kept.
 */
public final class HttpServerLimits {
  /**
   * Reading a request, and writing a response, may take this long. The API server gives up on the
   * webhook after its timeoutSeconds (5 in the chart, 30 at most) anyway.
   */
  public static final Duration REQUEST_TIME = Duration.ofSeconds(10);

  public static final Duration RESPONSE_TIME = Duration.ofSeconds(10);

  /**
   * Property names and values in seconds, as {@code sun.net.httpserver.ServerConfig} reads them.
   */
  static final Map<String, String> DEFAULTS =
      Map.of(
          "sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_TIME.toSeconds()),
          "sun.net.httpserver.maxRspTime", String.valueOf(RESPONSE_TIME.toSeconds()));

  private HttpServerLimits() {}

  /** Sets the defaults in the system properties, keeping any the user set. */
  public static synchronized void apply() {
    apply(System.getProperties());
  }

  static void apply(Properties properties) {
    DEFAULTS.forEach(properties::putIfAbsent);
  }
}
