package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** TLS towards Redis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {
  @JsonPropertyDescription("Use TLS even with a redis:// url")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription("A Secret with ca.crt to trust; default: the system roots")
  private String caSecretName;

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
}
