package io.cachesync.operator.model;

import static io.cachesync.operator.model.Patterns.DURATION;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The application's CacheLoader (gRPC), for every strategy but LookAside. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoaderSpec {
  @JsonPropertyDescription("host:port as seen from the pod, e.g. 127.0.0.1:7071")
  @Required
  @Pattern("^[A-Za-z0-9.-]+:[0-9]{1,5}$")
  private String target;

  @JsonPropertyDescription("Deadline of each call; default 2s")
  @Pattern(DURATION)
  private String timeout;

  @JsonPropertyDescription("Calls in flight; default 64")
  @Min(1)
  @Max(10000)
  private Integer maxConcurrency;

  @JsonPropertyDescription("Load retries; default 2")
  @Min(0)
  @Max(10)
  private Integer retries;

  @JsonPropertyDescription(
      "Calls waiting for one in flight; past it a call fails at once (RESOURCE_EXHAUSTED); default"
          + " 1000")
  @Min(1)
  @Max(1000000)
  private Integer maxQueued;

  public Integer getMaxQueued() {
    return maxQueued;
  }

  public void setMaxQueued(Integer maxQueued) {
    this.maxQueued = maxQueued;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(Integer maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public Integer getRetries() {
    return retries;
  }

  public void setRetries(Integer retries) {
    this.retries = retries;
  }
}
