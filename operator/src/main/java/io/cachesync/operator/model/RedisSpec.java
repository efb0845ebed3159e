package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Where Redis is, and how to reach it. Credentials come from a Secret, never inline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.url.startsWith('rediss://') || self.url.startsWith('rediss-sentinel://') || !has(self.tls) || (has(self.tls.enabled) && self.tls.enabled) || (!has(self.tls.caSecretName) && !has(self.tls.clientCertSecretName))",
    message =
        "tls.caSecretName and tls.clientCertSecretName need TLS: use a rediss:// url or set tls.enabled: true",
    reason = "FieldValueInvalid",
    fieldPath = ".tls")
public class RedisSpec {
  @JsonPropertyDescription(
      "redis://host:6379, or rediss:// for TLS; with mode Sentinel"
          + " redis-sentinel://host1:26379,host2:26379#master (the sentinels are reached without a"
          + " password); with mode Cluster one seed node, redis://host:6379 (database 0 only); no"
          + " password in it")
  @Required
  @Pattern("^rediss?(-sentinel)?://[^\\s@]+$")
  private String url;

  @JsonPropertyDescription(
      "The topology: Standalone (url names the server), Sentinel (url names the sentinels and"
          + " the master) or Cluster (url names one seed node; the operator finds every master and"
          + " replica from it and sets keyspace flags on each)")
  @Default("Standalone")
  private RedisMode mode;

  @JsonPropertyDescription("The logical database (keyspace events are per database)")
  @Min(0)
  @Max(15)
  @Default("0")
  private Integer database;

  @JsonPropertyDescription("A Secret with the username (optional) and password")
  private SecretKeys credentials;

  @JsonPropertyDescription("TLS settings; rediss:// turns TLS on")
  private TlsSpec tls;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public RedisMode getMode() {
    return mode;
  }

  public void setMode(RedisMode mode) {
    this.mode = mode;
  }

  public Integer getDatabase() {
    return database;
  }

  public void setDatabase(Integer database) {
    this.database = database;
  }

  public SecretKeys getCredentials() {
    return credentials;
  }

  public void setCredentials(SecretKeys credentials) {
    this.credentials = credentials;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }
}
