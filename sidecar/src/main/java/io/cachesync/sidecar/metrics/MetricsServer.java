package io.cachesync.sidecar.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.cachesync.sidecar.config.MetricsConfig;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus) and {@code /health} (the detail gRPC health cannot carry)
 * over HTTP.
 */
public final class MetricsServer implements AutoCloseable {
  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** Null when the config turns metrics off (port 0). */
  public static MetricsServer start(
      MetricsConfig config, SidecarMetrics metrics, Supplier<HealthReport> health)
      throws IOException {
    if (config.port() == 0) return null;
    HTTPServer server =
        HTTPServer.builder()
            .hostname(config.host())
            .port(config.port())
            .registry(metrics.registry())
            .defaultHandler(exchange -> serveHealth(exchange, health))
            .buildAndStart();
    return new MetricsServer(server);
  }

  public int port() {
    return server.getPort();
  }

  private static void serveHealth(HttpExchange exchange, Supplier<HealthReport> health)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/health")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      HealthReport report = health.get();
      byte[] body = report.toJson().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(report.serving() ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
