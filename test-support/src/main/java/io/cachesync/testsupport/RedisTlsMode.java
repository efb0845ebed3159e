package io.cachesync.testsupport;

import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Path;
import java.util.List;

/**
 * How a TLS test server listens: its certificate, the CA it trusts for client certificates, and
 * whether it demands one ({@code tls-auth-clients}). {@code probe} is the client certificate the
 * readiness PING presents to a server that demands one.
 */
public record RedisTlsMode(PemPair server, Path caFile, boolean authClients, PemPair probe) {

  /** A server with {@code server}'s certificate that does not ask clients for one. */
  public static RedisTlsMode of(TestCertificates ca, PemPair server) {
    return new RedisTlsMode(server, ca.caFile(), false, null);
  }

  /** The same server demanding a client certificate signed by its CA (mTLS). */
  public RedisTlsMode requiringClientCertificates(PemPair probe) {
    return new RedisTlsMode(server, caFile, true, probe);
  }

  /** The plain port is off ({@code --port 0}): only TLS clients get in. */
  List<String> args(int port) {
    return List.of(
        "--port", "0",
        "--tls-port", Integer.toString(port),
        "--tls-cert-file", server.certFile().toString(),
        "--tls-key-file", server.keyFile().toString(),
        "--tls-ca-cert-file", caFile.toString(),
        "--tls-auth-clients", authClients ? "yes" : "no");
  }
}
