package io.cachesync.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.model.SidecarSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sidecar a CacheSync injects: its container and the volumes it needs. Pure: the same CacheSync
 * and {@link SidecarDefaults} always give the same container, so {@link #hashFor} tells the
 * reconciler whether a running pod's sidecar is the one the current spec would inject.
 */
public final class SidecarTemplate {
  public static final String CONTAINER_NAME = "cachesync-sidecar";
  private static final YAMLMapper YAML = new YAMLMapper();
  public static final int DEFAULT_GRPC_PORT = 7070;
  public static final int DEFAULT_METRICS_PORT = 9464;

  /** The sidecar image's non-root user (the distroless "nonroot" convention). */
  public static final long RUN_AS_USER = 65532L;

  private SidecarTemplate() {}

  /**
   * The value a pod injected for {@code cs} now would carry in {@code cachesync.io/sidecar-hash}; a
   * pod whose annotation differs runs an outdated sidecar.
   *
   * @param defaults the operator's, from the chart (see {@link SidecarDefaults#fromEnv})
   */
  public static String hashFor(CacheSync cs, SidecarDefaults defaults) {
    return render(cs, defaults).hash();
  }

  public static Sidecar render(CacheSync cs, SidecarDefaults defaults) {
    SidecarSpec spec =
        cs.getSpec().getSidecar() == null ? new SidecarSpec() : cs.getSpec().getSidecar();
    int grpcPort = spec.getGrpcPort() == null ? DEFAULT_GRPC_PORT : spec.getGrpcPort();
    int metricsPort = spec.getMetricsPort() == null ? DEFAULT_METRICS_PORT : spec.getMetricsPort();
    SecretKeys credentials =
        cs.getSpec().getRedis() == null ? null : cs.getSpec().getRedis().getCredentials();
    String image =
        spec.getImage() == null || spec.getImage().isBlank() ? defaults.image() : spec.getImage();

    ContainerBuilder c =
        new ContainerBuilder()
            .withName(CONTAINER_NAME)
            .withImage(image)
            .withEnv(env(spec, defaults))
            .addNewPort()
            .withName("grpc")
            .withContainerPort(grpcPort)
            .withProtocol("TCP")
            .endPort()
            .withResources(resources(spec.getResources()))
            .withVolumeMounts(SidecarVolumes.sidecarMounts(credentials != null))
            .addAllToVolumeMounts(SidecarVolumes.tlsMounts(SidecarVolumes.tls(cs)))
            .withSecurityContext(securityContext())
            .withTerminationMessagePolicy("FallbackToLogsOnError");
    if (metricsPort != 0) {
      c.addNewPort()
          .withName(SidecarProbes.PORT)
          .withContainerPort(metricsPort)
          .withProtocol("TCP")
          .endPort()
          .withStartupProbe(SidecarProbes.startup())
          .withReadinessProbe(SidecarProbes.readiness())
          .withLivenessProbe(SidecarProbes.liveness());
    }
    Container container = c.build();
    List<Volume> volumes = SidecarVolumes.volumes(cs, credentials);
    return new Sidecar(
        cs.getMetadata().getName(),
        container,
        volumes,
        SidecarHash.of(container, volumes, restartOnlyConfig(cs)),
        grpcPort);
  }

  /** The rendered config's sections a running sidecar does not reload (all but caches, loader). */
  private static JsonNode restartOnlyConfig(CacheSync cs) {
    try {
      ObjectNode config = (ObjectNode) YAML.readTree(SidecarConfigRenderer.render(cs));
      config.remove(List.of("caches", "loader"));
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("the rendered sidecar config does not parse", e);
    }
  }

  private static List<EnvVar> env(SidecarSpec spec, SidecarDefaults defaults) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("CACHESYNC_CONFIG", SidecarVolumes.CONFIG_FILE, null));
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(fieldRef("POD_NAMESPACE", "metadata.namespace"));
    String jvmOptions = defaults.jvmOptionsWith(spec.getJvmOptions());
    if (!jvmOptions.isEmpty()) env.add(new EnvVar("JAVA_TOOL_OPTIONS", jvmOptions, null));
    return env;
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  /**
   * The CRD's documented default when the CacheSync says nothing; its own requirements exactly as
   * given otherwise (merging could put a default limit under a request it sets).
   */
  private static ResourceRequirements resources(ResourceRequirements given) {
    if (given != null) return given;
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("50m"))
        .addToRequests("memory", new Quantity("128Mi"))
        .addToLimits("memory", new Quantity("192Mi"))
        .build();
  }

  private static SecurityContext securityContext() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS_USER)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
