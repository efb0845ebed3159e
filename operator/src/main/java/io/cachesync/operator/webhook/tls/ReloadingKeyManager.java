package io.cachesync.operator.webhook.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager, whose certificate can be swapped while it serves: new handshakes get
 * the new certificate, connections already open keep theirs. Each certificate gets its own alias,
 * and the previous one stays resolvable, so a handshake that chose an alias just before a swap
 * still gets a chain and a key that belong together.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private record Identity(String alias, ServingCertificate certificate) {}

  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<Identity> current = new AtomicReference<>();
  private volatile Identity previous;

  public void use(ServingCertificate certificate) {
    Identity next = new Identity("webhook-" + generation.incrementAndGet(), certificate);
    previous = current.getAndSet(next);
  }

  /** The certificate new connections get, or null before the first one is loaded. */
  public ServingCertificate current() {
    Identity id = current.get();
    return id == null ? null : id.certificate();
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = alias(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Identity id = find(alias);
    return id == null ? null : id.certificate().chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Identity id = find(alias);
    return id == null ? null : id.certificate().key();
  }

  /** The webhook never authenticates as a client. */
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  /**
   * JSSE asks per key type ({@code EC}, {@code RSA}, {@code RSASSA-PSS}, {@code EdDSA}, or {@code
   * EC_EC} style pairs in TLS 1.2); only an alias whose key fits may be offered.
   */
  private String alias(String keyType) {
    Identity id = current.get();
    if (id == null) return null;
    String algorithm = id.certificate().key().getAlgorithm();
    return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_") ? id.alias() : null;
  }

  private Identity find(String alias) {
    Identity now = current.get();
    if (now != null && now.alias().equals(alias)) return now;
    Identity before = previous;
    return before != null && before.alias().equals(alias) ? before : null;
  }
}
