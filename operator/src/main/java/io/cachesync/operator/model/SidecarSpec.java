package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The injected sidecar container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SidecarSpec {
  @JsonPropertyDescription("Default: the operator's own version of the sidecar image")
  private String image;

  @JsonPropertyDescription("Default: requests 50m/128Mi, limit 192Mi")
  private ResourceRequirements resources;

  @JsonPropertyDescription("gRPC on 127.0.0.1")
  @Min(1)
  @Max(65535)
  @Default("7070")
  private Integer grpcPort;

  @JsonPropertyDescription("/metrics and /health; 0 turns them off")
  @Min(0)
  @Max(65535)
  @Default("9464")
  private Integer metricsPort;

  @JsonPropertyDescription(
      "Extra JVM options, after the platform's: tuning only (-Xmx -Xms -Xmn -Xss, -XX:..., -Xlog:...,"
          + " -verbose:gc, -Dname=value); options that load code, run commands or read option"
          + " files are refused")
  @ValidationRule(
      value =
          "['-javaagent', '-agentlib', '-agentpath', '-Xbootclasspath', '-Xrun',"
              + " '-XX:OnOutOfMemoryError', '-XX:OnError', '-XX:Flags', '-XX:VMOptionsFile',"
              + " '-XX:CompileCommandFile'].all(t, !self.contains(t))"
              + " && !self.startsWith('@') && !self.contains(' @')",
      message =
          "jvmOptions must not load agents, run commands or read option files: -javaagent,"
              + " -agentlib, -agentpath, -Xbootclasspath, -Xrun, -XX:OnOutOfMemoryError,"
              + " -XX:OnError, -XX:Flags, -XX:VMOptionsFile, -XX:CompileCommandFile and @argfiles"
              + " are refused",
      reason = "FieldValueForbidden")
  @Size(max = 4096)
  private String jvmOptions;

  @JsonPropertyDescription(
      "Restart the workloads whose pods run a sidecar that differs from what this spec would"
          + " inject (image, resources, ports, JVM options); cache changes apply without a"
          + " restart")
  @Default("false")
  private Boolean rolloutOnChange;

  public Boolean getRolloutOnChange() {
    return rolloutOnChange;
  }

  public void setRolloutOnChange(Boolean rolloutOnChange) {
    this.rolloutOnChange = rolloutOnChange;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Integer getGrpcPort() {
    return grpcPort;
  }

  public void setGrpcPort(Integer grpcPort) {
    this.grpcPort = grpcPort;
  }

  public Integer getMetricsPort() {
    return metricsPort;
  }

  public void setMetricsPort(Integer metricsPort) {
    this.metricsPort = metricsPort;
  }

  public String getJvmOptions() {
    return jvmOptions;
  }

  public void setJvmOptions(String jvmOptions) {
    this.jvmOptions = jvmOptions;
  }
}
