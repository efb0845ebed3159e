package io.cachesync.operator.model;

import static io.cachesync.operator.model.Patterns.CACHE_NAME;
import static io.cachesync.operator.model.Patterns.DURATION;
import static io.cachesync.operator.model.Patterns.QUANTITY;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;

/** One named cache in every selected pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CacheSpec {
  @JsonPropertyDescription("Lower-case letters, digits, - _ .; at most 63")
  @Required
  @Pattern(CACHE_NAME)
  private String name;

  @JsonPropertyDescription("How the cache meets the store of record")
  @Default("LookAside")
  private CacheStrategy strategy;

  @JsonPropertyDescription("Entries")
  @Min(1)
  private Long maximumSize;

  @JsonPropertyDescription(
      "Bytes, e.g. 64Mi; with neither bound, the caches without one share half of the"
          + " sidecar's heap")
  @Pattern(QUANTITY)
  @SchemaFrom(type = IntOrString.class)
  private String maximumWeight;

  @JsonPropertyDescription("For Puts without a ttl; default 10m")
  @Pattern(DURATION)
  private String ttl;

  @JsonPropertyDescription("Redis as a shared tier")
  private L2Spec l2;

  @JsonPropertyDescription("WriteBehind only")
  private WriteBehindSpec writeBehind;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public CacheStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(CacheStrategy strategy) {
    this.strategy = strategy;
  }

  public Long getMaximumSize() {
    return maximumSize;
  }

  public void setMaximumSize(Long maximumSize) {
    this.maximumSize = maximumSize;
  }

  public String getMaximumWeight() {
    return maximumWeight;
  }

  public void setMaximumWeight(String maximumWeight) {
    this.maximumWeight = maximumWeight;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }

  public L2Spec getL2() {
    return l2;
  }

  public void setL2(L2Spec l2) {
    this.l2 = l2;
  }

  public WriteBehindSpec getWriteBehind() {
    return writeBehind;
  }

  public void setWriteBehind(WriteBehindSpec writeBehind) {
    this.writeBehind = writeBehind;
  }
}
