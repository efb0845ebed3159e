package io.cachesync.sidecar.config;

/**
 * The Prometheus endpoint ({@code /metrics}) and the health detail ({@code /health}); port 0 turns
 * it off.
 */
public record MetricsConfig(String host, int port) {

  public MetricsConfig {
    host = host == null || host.isBlank() ? "0.0.0.0" : host;
    if (port < 0 || port > 65535) {
      throw new ConfigException("metrics.port: " + port + " is not a port (0 turns metrics off)");
    }
  }

  public static MetricsConfig defaults() {
    return new MetricsConfig(null, 9464);
  }

  public static MetricsConfig off() {
    return new MetricsConfig(null, 0);
  }
}
