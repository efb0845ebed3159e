package io.cachesync.operator.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.model.TlsSpec;
import io.cachesync.operator.webhook.Admissions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SidecarTemplateTest {
  static final String IMAGE = "cachesync/sidecar:0.1.0";
  static final SidecarDefaults DEFAULTS = SidecarDefaults.of(IMAGE);

  static CacheSync catalogue() {
    return Admissions.cacheSync("catalogue", "2025-01-01T00:00:00Z");
  }

  static SidecarSpec sidecar(CacheSync cs) {
    if (cs.getSpec().getSidecar() == null) cs.getSpec().setSidecar(new SidecarSpec());
    return cs.getSpec().getSidecar();
  }

  @Test
  @DisplayName("hardened: non-root 65532, read-only root, no escalation, no capabilities, seccomp")
  void securityContext() {
    var sc = SidecarTemplate.render(catalogue(), DEFAULTS).container().getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getRunAsUser()).isEqualTo(65532L);
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  @DisplayName(
      "defaults: the operator's image, ports 7070 and 9464, requests 50m/128Mi, limit 192Mi")
  void defaults() {
    Container c = SidecarTemplate.render(catalogue(), DEFAULTS).container();
    assertThat(c.getName()).isEqualTo("cachesync-sidecar");
    assertThat(c.getImage()).isEqualTo(IMAGE);
    assertThat(c.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("grpc:7070", "metrics:9464");
    assertThat(c.getResources().getRequests())
        .containsEntry("cpu", new Quantity("50m"))
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(c.getResources().getLimits()).containsOnlyKeys("memory");
    assertThat(c.getResources().getLimits().get("memory")).isEqualTo(new Quantity("192Mi"));
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo(SidecarDefaults.DEFAULT_JVM_OPTIONS));
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAME"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.name"));
  }

  @Test
  @DisplayName("probes: startup and readiness on /health of the metrics port, liveness a TCP check")
  void probes() {
    Container c = SidecarTemplate.render(catalogue(), DEFAULTS).container();
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds())
        .isGreaterThanOrEqualTo(60);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(c.getLivenessProbe().getFailureThreshold()).isGreaterThanOrEqualTo(6);

    CacheSync noMetrics = catalogue();
    sidecar(noMetrics).setMetricsPort(0);
    Container quiet = SidecarTemplate.render(noMetrics, DEFAULTS).container();
    assertThat(quiet.getPorts()).extracting(p -> p.getName()).containsExactly("grpc");
    assertThat(quiet.getStartupProbe()).isNull();
    assertThat(quiet.getReadinessProbe()).isNull();
    assertThat(quiet.getLivenessProbe()).isNull();
  }

  @Test
  @DisplayName("the CacheSync's image, ports, resources and JVM options win over the defaults")
  void overrides() {
    CacheSync cs = catalogue();
    SidecarSpec s = sidecar(cs);
    s.setImage("acme/cachesync-sidecar:0.2.0");
    s.setGrpcPort(7171);
    s.setMetricsPort(9999);
    s.setJvmOptions("-XX:MaxRAMPercentage=60");
    s.setResources(
        new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("512Mi")).build());
    Sidecar sidecar = SidecarTemplate.render(cs, DEFAULTS);
    Container c = sidecar.container();
    assertThat(c.getImage()).isEqualTo("acme/cachesync-sidecar:0.2.0");
    assertThat(sidecar.grpcPort()).isEqualTo(7171);
    assertThat(c.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(7171, 9999);
    assertThat(c.getResources().getRequests()).isEmpty();
    assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValue())
                    .as("the CacheSync's options come last, so they win")
                    .isEqualTo(SidecarDefaults.DEFAULT_JVM_OPTIONS + " -XX:MaxRAMPercentage=60"));
  }

  static String javaToolOptions(CacheSync cs, SidecarDefaults defaults) {
    return SidecarTemplate.render(cs, defaults).container().getEnv().stream()
        .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName("the chart's sidecar.jvmOptions replace the built-in ones; the CacheSync's follow")
  void jvmOptionsFromTheChart() {
    SidecarDefaults tuned = new SidecarDefaults(IMAGE, " -XX:+UseParallelGC -Xss512k ");
    assertThat(javaToolOptions(catalogue(), tuned)).isEqualTo("-XX:+UseParallelGC -Xss512k");

    CacheSync cs = catalogue();
    sidecar(cs).setJvmOptions("-Xss1m");
    assertThat(javaToolOptions(cs, tuned))
        .as("the CacheSync's options come last, so they win")
        .isEqualTo("-XX:+UseParallelGC -Xss512k -Xss1m");
  }

  @Test
  @DisplayName("blank sidecar.jvmOptions: only the CacheSync's options, or no JAVA_TOOL_OPTIONS")
  void noDefaultJvmOptions() {
    SidecarDefaults none = new SidecarDefaults(IMAGE, "");
    assertThat(javaToolOptions(catalogue(), none)).isNull();

    CacheSync cs = catalogue();
    sidecar(cs).setJvmOptions(" -XX:MaxRAMPercentage=50 ");
    assertThat(javaToolOptions(cs, none)).isEqualTo("-XX:MaxRAMPercentage=50");
  }

  @Test
  @DisplayName(
      "no credentials: no Redis volume; a CacheSync without a usernameKey mounts no username")
  void credentials() {
    Sidecar without = SidecarTemplate.render(catalogue(), DEFAULTS);
    assertThat(without.volumes()).extracting(Volume::getName).doesNotContain("cachesync-redis");
    assertThat(without.container().getVolumeMounts())
        .extracting(m -> m.getName())
        .doesNotContain("cachesync-redis");

    CacheSync cs = Admissions.withCredentials(catalogue());
    cs.getSpec().getRedis().getCredentials().setUsernameKey(null);
    cs.getSpec().getRedis().getCredentials().setPasswordKey(null);
    Volume redis =
        SidecarTemplate.render(cs, DEFAULTS).volumes().stream()
            .filter(v -> v.getName().equals("cachesync-redis"))
            .findFirst()
            .orElseThrow();
    assertThat(redis.getProjected().getSources()).hasSize(1);
    assertThat(redis.getProjected().getSources().get(0).getSecret().getItems().get(0).getKey())
        .isEqualTo("password");
  }

  @Test
  @DisplayName(
      "spec.redis.tls: the CA and client certificate Secrets are mounted read-only where the"
          + " rendered config looks, and a change of either rolls the pods out")
  void tlsSecrets() {
    Sidecar plain = SidecarTemplate.render(catalogue(), DEFAULTS);
    assertThat(plain.volumes())
        .extracting(Volume::getName)
        .doesNotContain(SidecarVolumes.TLS_CA, SidecarVolumes.TLS_CLIENT);

    CacheSync cs = catalogue();
    TlsSpec tls = new TlsSpec();
    tls.setCaSecretName("redis-ca");
    tls.setClientCertSecretName("redis-client");
    cs.getSpec().getRedis().setTls(tls);
    Sidecar s = SidecarTemplate.render(cs, DEFAULTS);
    Volume ca = volume(s, SidecarVolumes.TLS_CA);
    assertThat(ca.getSecret().getSecretName()).isEqualTo("redis-ca");
    assertThat(ca.getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath())
        .containsExactly("ca.crt->ca.crt");
    Volume client = volume(s, SidecarVolumes.TLS_CLIENT);
    assertThat(client.getSecret().getSecretName()).isEqualTo("redis-client");
    assertThat(client.getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath())
        .containsExactly("tls.crt->tls.crt", "tls.key->tls.key");
    assertThat(s.container().getVolumeMounts())
        .filteredOn(m -> m.getName().startsWith("cachesync-tls-"))
        .extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
        .containsExactly(
            "cachesync-tls-ca:/etc/cachesync/tls/ca:true",
            "cachesync-tls-client:/etc/cachesync/tls/client:true");
    assertThat(SidecarConfigRenderer.TLS_CA_FILE).startsWith(SidecarVolumes.TLS_CA_DIR + "/");
    assertThat(SidecarConfigRenderer.TLS_KEY_FILE).startsWith(SidecarVolumes.TLS_CLIENT_DIR + "/");
    assertThat(SidecarVolumes.NAMES).contains(SidecarVolumes.TLS_CA, SidecarVolumes.TLS_CLIENT);

    CacheSync otherCa = catalogue();
    TlsSpec other = new TlsSpec();
    other.setCaSecretName("redis-ca-2026");
    otherCa.getSpec().getRedis().setTls(other);
    assertThat(SidecarTemplate.hashFor(otherCa, DEFAULTS))
        .isNotEqualTo(SidecarTemplate.hashFor(cs, DEFAULTS))
        .isNotEqualTo(SidecarTemplate.hashFor(catalogue(), DEFAULTS));
  }

  private static Volume volume(Sidecar s, String name) {
    return s.volumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the hash is stable, and changes with anything that changes the sidecar")
  void hash() throws Exception {
    String h = SidecarTemplate.hashFor(catalogue(), DEFAULTS);
    assertThat(h).matches("[0-9a-f]{16}").isEqualTo(SidecarTemplate.hashFor(catalogue(), DEFAULTS));

    assertThat(SidecarTemplate.hashFor(catalogue(), SidecarDefaults.of("cachesync/sidecar:0.2.0")))
        .isNotEqualTo(h);
    assertThat(SidecarTemplate.hashFor(catalogue(), new SidecarDefaults(IMAGE, "-Xss512k")))
        .as("other default JVM options roll the pods out")
        .isNotEqualTo(h);
    assertThat(SidecarTemplate.hashFor(catalogue(), new SidecarDefaults(IMAGE, "")))
        .isNotEqualTo(h);
    CacheSync port = catalogue();
    sidecar(port).setGrpcPort(7171);
    assertThat(SidecarTemplate.hashFor(port, DEFAULTS)).isNotEqualTo(h);
    assertThat(SidecarTemplate.hashFor(Admissions.withCredentials(catalogue()), DEFAULTS))
        .isNotEqualTo(h);
    CacheSync renamed = Admissions.cacheSync("other", "2025-01-01T00:00:00Z");
    assertThat(SidecarTemplate.hashFor(renamed, DEFAULTS)).isNotEqualTo(h);

    // what a running sidecar reloads does not count: caches and the loader
    CacheSync moreCaches = catalogue();
    moreCaches.getSpec().getCaches().add(io.cachesync.operator.CacheSyncs.cache("authors", null));
    assertThat(SidecarTemplate.hashFor(moreCaches, DEFAULTS)).isEqualTo(h);
    // what it applies only on restart does: another Redis, another channel
    CacheSync otherRedis = catalogue();
    otherRedis.getSpec().getRedis().setUrl("redis://redis-2.shop.svc:6379");
    assertThat(SidecarTemplate.hashFor(otherRedis, DEFAULTS)).isNotEqualTo(h);
    // nor whether the cluster runs native sidecars
    Sidecar s = SidecarTemplate.render(catalogue(), DEFAULTS);
    Container asInit =
        new io.fabric8.kubernetes.api.model.ContainerBuilder(s.container())
            .withRestartPolicy("Always")
            .build();
    com.fasterxml.jackson.databind.JsonNode config =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(io.cachesync.operator.config.SidecarConfigRenderer.render(catalogue()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) config)
        .remove(java.util.List.of("caches", "loader"));
    assertThat(SidecarHash.of(asInit, s.volumes(), config)).isEqualTo(h);
  }
}
