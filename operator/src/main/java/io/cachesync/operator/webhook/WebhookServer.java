package io.cachesync.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.cachesync.operator.HttpServerLimits;
import io.cachesync.operator.webhook.tls.WebhookTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * {@code POST /inject} (pods) and {@code POST /validate-cachesync} (CacheSyncs) over HTTPS on the
 * JDK's own server (no web framework, like the probes). The certificate comes from a {@link
 * ReloadingKeyManager}, so a renewal needs no restart. A client that takes longer than {@link
 * HttpServerLimits} allows to send its request is disconnected.
 */
public final class WebhookServer implements AutoCloseable {
  public static final String PATH = "/inject";

  /** The API server caps objects at 1.5 MiB; a review carries at most two of them. */
  static final int MAX_BODY = 4 * 1024 * 1024;

  static {
    HttpServerLimits.apply();
  }

  private final HttpsServer server;
  private final ExecutorService executor;

  public WebhookServer(InetSocketAddress address, SSLContext tls, AdmissionHandler handler)
      throws IOException {
    this(address, tls, handler, null);
  }

  /** With {@code validation} null, only {@value #PATH} is served. */
  public WebhookServer(
      InetSocketAddress address,
      SSLContext tls,
      AdmissionHandler handler,
      CacheSyncAdmissionHandler validation)
      throws IOException {
    Map<String, Function<byte[], AdmissionHandler.Reply>> routes =
        validation == null
            ? Map.of(PATH, handler::handle)
            : Map.of(PATH, handler::handle, CacheSyncAdmissionHandler.PATH, validation::handle);
    server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            params.setSSLParameters(WebhookTls.parameters(getSSLContext()));
          }
        });
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "cachesync-webhook-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(exchange, routes));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void serve(
      HttpExchange exchange, Map<String, Function<byte[], AdmissionHandler.Reply>> routes)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Function<byte[], AdmissionHandler.Reply> handler = routes.get(path);
      if (handler == null) {
        send(
            exchange,
            404,
            "text/plain; charset=utf-8",
            text("not found; the webhooks are " + String.join(", ", routes.keySet())));
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        send(exchange, 405, "text/plain; charset=utf-8", text(path + " takes POST only"));
        return;
      }
      byte[] body = read(exchange.getRequestBody());
      if (body == null) {
        send(exchange, 413, "text/plain; charset=utf-8", text("AdmissionReview over 4 MiB"));
        return;
      }
      AdmissionHandler.Reply reply = handler.apply(body);
      send(exchange, reply.status(), reply.contentType(), reply.body());
    }
  }

  /** Null when the body is larger than {@link #MAX_BODY}. */
  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    return body.length > MAX_BODY ? null : body;
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
