package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Keys of a Secret in the CacheSync's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeys {
  @JsonPropertyDescription("The Secret")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String secretName;

  @JsonPropertyDescription(
      "Its key holding the ACL username; unset: the password alone authenticates (the default"
          + " user)")
  private String usernameKey;

  @JsonPropertyDescription("Its key holding the password")
  @Default("password")
  private String passwordKey;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getUsernameKey() {
    return usernameKey;
  }

  public void setUsernameKey(String usernameKey) {
    this.usernameKey = usernameKey;
  }

  public String getPasswordKey() {
    return passwordKey;
  }

  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }
}
