package io.cachesync.operator.model;

import static io.cachesync.operator.model.Patterns.DURATION;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Redis as a shared tier under a cache. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class L2Spec {
  @JsonPropertyDescription("Keep values in Redis too (on by default for WriteBehind only)")
  private Boolean enabled;

  @JsonPropertyDescription("Key prefix; default <sync channel>:l2:<cache>:")
  @Pattern("^.{1,200}$")
  private String prefix;

  @JsonPropertyDescription("TTL in Redis; default the cache ttl")
  @Pattern(DURATION)
  private String ttl;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }
}
