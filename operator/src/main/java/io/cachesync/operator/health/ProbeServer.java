package io.cachesync.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cachesync.operator.HttpServerLimits;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process is alive and the operator started), {@code /readyz} (every informer
 * is healthy) from the operator's runtime info, and {@code /metrics} for Prometheus, on the JDK's
 * own HTTP server.
 */
public final class ProbeServer implements AutoCloseable {
  static {
    // the JDK reads its limits when the first server starts, be it this one or the webhook
    HttpServerLimits.apply();
  }

  private final HttpServer server;

  public ProbeServer(int port, RuntimeInfo runtime, OperatorMetrics metrics) throws IOException {
    this(port, runtime, metrics, () -> null);
  }

  /**
   * {@code notReadyBecause}: what else must be in place before the operator takes traffic (the
   * webhook's certificate), as a sentence, or null when it is.
   */
  public ProbeServer(
      int port, RuntimeInfo runtime, OperatorMetrics metrics, Supplier<String> notReadyBecause)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/metrics",
        ex -> {
          try (ex) {
            ex.getResponseHeaders().set("Content-Type", metrics.contentType());
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
              metrics.writeTo(out);
            }
          }
        });
    server.createContext(
        "/healthz", ex -> answer(ex, runtime.isStarted(), runtime.isStarted() ? "ok" : "starting"));
    server.createContext(
        "/readyz",
        ex -> {
          if (!runtime.isStarted()) {
            answer(ex, false, "not ready: the operator has not started");
            return;
          }
          if (!runtime.allEventSourcesAreHealthy()) {
            answer(ex, false, "not ready: " + runtime.unhealthyEventSources().keySet());
            return;
          }
          String problem = notReadyBecause.get();
          answer(ex, problem == null, problem == null ? "ok" : "not ready: " + problem);
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange ex, boolean ok, String body) throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(ok ? 200 : 503, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
