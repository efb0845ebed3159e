package io.cachesync.operator.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client as strict as the API server's: it trusts only the given CAs and checks the hostname (the
 * JDK client's default). A new client per call, so no pooled connection or resumed session hides
 * which certificate the server presents now.
 */
public final class Https {
  private Https() {}

  public static HttpResponse<String> post(String url, byte[] body, List<X509Certificate> trusted)
      throws Exception {
    return client(trusted)
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> get(String url, List<X509Certificate> trusted)
      throws Exception {
    return client(trusted)
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The leaf certificate the server presented for a request to {@code url}. */
  public static X509Certificate served(String url, List<X509Certificate> trusted) throws Exception {
    HttpResponse<String> r = get(url, trusted);
    Certificate[] chain = r.sslSession().orElseThrow().getPeerCertificates();
    return (X509Certificate) chain[0];
  }

  /** A TLS connection, handshake done, on which a test writes what it likes. */
  public static SSLSocket socket(String host, int port, List<X509Certificate> trusted)
      throws Exception {
    SSLSocket socket = (SSLSocket) context(trusted).getSocketFactory().createSocket(host, port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static SSLContext context(List<X509Certificate> trusted) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < trusted.size(); i++) store.setCertificateEntry("ca-" + i, trusted.get(i));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static HttpClient client(List<X509Certificate> trusted) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(context(trusted))
        .connectTimeout(Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }
}
