package io.cachesync.operator.webhook.tls;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The webhook's TLS: TLS 1.3 and 1.2 only, the certificate from a {@link ReloadingKeyManager}. */
public final class WebhookTls {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private WebhookTls() {}

  static SSLContext context(ReloadingKeyManager keys) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  public static SSLParameters parameters(SSLContext context) {
    SSLParameters p = context.getDefaultSSLParameters();
    p.setProtocols(PROTOCOLS);
    p.setNeedClientAuth(false);
    return p;
  }
}
