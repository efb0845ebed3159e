package io.cachesync.operator.model;

import static io.cachesync.operator.model.Patterns.DURATION;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How a WriteBehind cache flushes to the store of record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WriteBehindSpec {
  @JsonPropertyDescription("Default 100ms")
  @Pattern(DURATION)
  private String flushInterval;

  @JsonPropertyDescription("Default 500")
  @Min(1)
  @Max(10000)
  private Integer maxBatch;

  @JsonPropertyDescription("Take over what a dead sidecar held this long; default 30s")
  @Pattern(DURATION)
  private String claimIdle;

  @JsonPropertyDescription("Default 5s")
  @Pattern(DURATION)
  private String maxBackoff;

  public String getFlushInterval() {
    return flushInterval;
  }

  public void setFlushInterval(String flushInterval) {
    this.flushInterval = flushInterval;
  }

  public Integer getMaxBatch() {
    return maxBatch;
  }

  public void setMaxBatch(Integer maxBatch) {
    this.maxBatch = maxBatch;
  }

  public String getClaimIdle() {
    return claimIdle;
  }

  public void setClaimIdle(String claimIdle) {
    this.claimIdle = claimIdle;
  }

  public String getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(String maxBackoff) {
    this.maxBackoff = maxBackoff;
  }
}
