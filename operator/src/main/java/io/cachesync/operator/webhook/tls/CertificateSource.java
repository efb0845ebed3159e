package io.cachesync.operator.webhook.tls;

/** Where the serving certificate comes from; {@link #check} is run at start and then on a timer. */
public interface CertificateSource {
  /**
   * Loads what is new, or renews what is due; never throws, remembers what went wrong.
   *
   * @return true when everything is in place; false asks for an early retry
   */
  boolean check();

  /** Why there is no certificate to serve yet, or null once one is served. */
  String problem();
}
