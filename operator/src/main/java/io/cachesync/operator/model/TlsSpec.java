package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * TLS towards Redis: whom to trust (the JVM's roots, or the CA in {@code caSecretName}), the client
 * certificate for mTLS, and whether the server's certificate must name its host. The sidecar gets
 * both Secrets mounted read-only; the operator's own Redis check reads the same Secrets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {
  @JsonPropertyDescription("Use TLS even with a redis:// url")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription(
      "A Secret whose key ca.crt holds the PEM CA (bundle) that signed the Redis server's"
          + " certificate; unset: the JVM's trusted roots")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String caSecretName;

  @JsonPropertyDescription(
      "A kubernetes.io/tls Secret (tls.crt, tls.key as PKCS#8 PEM) with the client certificate"
          + " for a Redis that demands one (tls-auth-clients)")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String clientCertSecretName;

  @JsonPropertyDescription(
      "Check that the server's certificate names the host of the url; false lets anyone holding"
          + " a certificate of the same CA impersonate Redis (the sidecar warns at start)")
  @Default("true")
  private Boolean verifyHostname;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getCaSecretName() {
    return caSecretName;
  }

  public void setCaSecretName(String caSecretName) {
    this.caSecretName = caSecretName;
  }

  public String getClientCertSecretName() {
    return clientCertSecretName;
  }

  public void setClientCertSecretName(String clientCertSecretName) {
    this.clientCertSecretName = clientCertSecretName;
  }

  public Boolean getVerifyHostname() {
    return verifyHostname;
  }

  public void setVerifyHostname(Boolean verifyHostname) {
    this.verifyHostname = verifyHostname;
  }

  /** Whether the server's hostname is checked: unless verifyHostname is explicitly false. */
  public boolean verifiesHostname() {
    return !Boolean.FALSE.equals(verifyHostname);
  }
}
