package io.cachesync.sidecar.transport;

import java.security.cert.CertificateException;

/**
 * The sidecar's own verdict on a Redis server's certificate, with a sentence that says which check
 * failed (untrusted, expired, wrong host). Its own type so {@link ConnectFailure} finds it among
 * the handshake exceptions Netty and Lettuce wrap around it.
 */
final class TlsRefusal extends CertificateException {
  TlsRefusal(String message) {
    super(message);
  }
}
