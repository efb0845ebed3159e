package io.cachesync.testsupport;

import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * What a node of a topology needs beyond {@link #args}: replication over TLS, and the probe
   * certificate as its client certificate where the peers demand one (a server certificate is not
   * for client authentication).
   */
  List<String> replicationArgs() {
    List<String> args = new ArrayList<>(List.of("--tls-replication", "yes"));
    if (authClients) {
      args.addAll(
          List.of(
              "--tls-client-cert-file", probe.certFile().toString(),
              "--tls-client-key-file", probe.keyFile().toString()));
    }
    return args;
  }

  /** The same as conf lines, for a sentinel, which listens on {@code port} with TLS only. */
  String sentinelConf(int port) {
    List<String> args = new ArrayList<>(args(port));
    args.addAll(replicationArgs());
    StringBuilder conf = new StringBuilder();
    for (int i = 0; i < args.size(); i += 2) {
      conf.append(args.get(i).substring(2)).append(' ').append(args.get(i + 1)).append('\n');
    }
    return conf.toString();
  }

  /** The flags that let {@code redis-cli} talk to such a server. */
  List<String> cliArgs() {
    List<String> args = new ArrayList<>(List.of("--tls", "--cacert", caFile.toString()));
    if (authClients) {
      args.addAll(
          List.of("--cert", probe.certFile().toString(), "--key", probe.keyFile().toString()));
    }
    return args;
  }
}
