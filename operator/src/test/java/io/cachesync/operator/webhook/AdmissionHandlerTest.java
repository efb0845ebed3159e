package io.cachesync.operator.webhook;

import static io.cachesync.operator.webhook.Admissions.cacheSync;
import static io.cachesync.operator.webhook.Admissions.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.SecretLabels;
import io.cachesync.operator.template.SelectorMatchTest;
import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.template.SidecarTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The handler fed real AdmissionReviews; each patch applied to the pod it came with. */
class AdmissionHandlerTest {
  static final KubernetesVersion V1_31 = new KubernetesVersion(1, 31);
  static final KubernetesVersion V1_28 = new KubernetesVersion(1, 28);
  static final String IMAGE = "cachesync/sidecar:test";
  static final SidecarDefaults DEFAULTS = SidecarDefaults.of(IMAGE);

  final WebhookMetrics metrics = new WebhookMetrics(new PrometheusRegistry());
  final List<CacheSync> shop =
      new ArrayList<>(List.of(cacheSync("catalogue", "2025-01-01T00:00:00Z")));

  /** The Secrets of {@code shop}: redis-auth is marked for CacheSyncs, db-root is not. */
  static final SecretLabels SECRETS =
      (ns, name) ->
          !ns.equals("shop")
              ? null
              : switch (name) {
                case "redis-auth" -> Map.of("cachesync.io/credentials", "true");
                case "db-root" -> Map.of();
                default -> null;
              };

  AdmissionHandler handler(KubernetesVersion version) {
    CacheSyncLookup lookup = ns -> ns.equals("shop") ? shop : List.of();
    return new AdmissionHandler(
        new PodInjector(lookup, version, DEFAULTS, AdmissionPolicy.defaultsFor(IMAGE), SECRETS),
        metrics);
  }

  static Map<String, String> env(Container c) {
    Map<String, String> m = new java.util.HashMap<>();
    for (EnvVar e : c.getEnv()) m.put(e.getName(), e.getValue());
    return m;
  }

  static List<String> names(List<Container> containers) {
    return containers.stream().map(Container::getName).toList();
  }

  static void assertAppContainersWired(Pod pod, int grpcPort) {
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getName().equals(SidecarTemplate.CONTAINER_NAME)) continue;
      assertThat(env(c))
          .containsEntry("CACHESYNC_TARGET", "127.0.0.1:" + grpcPort)
          .containsEntry("CACHESYNC_SOCKET", "/var/run/cachesync/cache.sock");
      assertThat(c.getVolumeMounts())
          .extracting(VolumeMount::getName, VolumeMount::getMountPath)
          .contains(org.assertj.core.groups.Tuple.tuple("cachesync-socket", "/var/run/cachesync"));
    }
  }

  @Test
  @DisplayName("Kubernetes 1.31: a native sidecar, first init container, restartPolicy Always")
  void nativeSidecar() {
    Admissions.withCredentials(shop.get(0));
    var result = send(handler(V1_31), "pod-matched.json");

    assertThat(result.patched()).isTrue();
    assertThat(result.warnings()).isEmpty();
    Pod pod = result.pod();
    assertThat(names(pod.getSpec().getInitContainers()))
        .containsExactly("cachesync-sidecar", "migrate");
    assertThat(names(pod.getSpec().getContainers())).containsExactly("books", "log-shipper");
    Container sidecar = pod.getSpec().getInitContainers().get(0);
    assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
    assertThat(sidecar.getImage()).isEqualTo(IMAGE);
    assertThat(sidecar.getStartupProbe()).isNotNull();
    assertThat(sidecar.getReadinessProbe()).isNotNull();
    assertThat(env(sidecar))
        .containsEntry("CACHESYNC_CONFIG", "/etc/cachesync/config/cachesync.yaml");
    assertThat(sidecar.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .containsExactly(
            "/etc/cachesync/config",
            "/etc/cachesync/redis",
            "/etc/cachesync/sync-key",
            "/var/run/cachesync",
            "/tmp");
    assertAppContainersWired(pod, 7070);
    // the app's own settings survive
    assertThat(env(pod.getSpec().getContainers().get(0)))
        .containsEntry("DATABASE_URL", "postgres://books-db:5432/books");
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts().get(0).getName())
        .isEqualTo("kube-api-access-x7k2p");

    assertThat(pod.getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly(
            "kube-api-access-x7k2p",
            "cachesync-config",
            "cachesync-redis",
            "cachesync-sync-key",
            "cachesync-socket",
            "cachesync-tmp");
    Volume config = pod.getSpec().getVolumes().get(1);
    assertThat(config.getConfigMap().getName()).isEqualTo("catalogue-sidecar-config");
    var redis = pod.getSpec().getVolumes().get(2).getProjected().getSources();
    assertThat(redis.get(0).getSecret().getName()).isEqualTo("redis-auth");
    assertThat(redis.get(0).getSecret().getItems().get(0).getKey()).isEqualTo("pass");
    assertThat(redis.get(0).getSecret().getItems().get(0).getPath()).isEqualTo("password");
    assertThat(redis.get(0).getSecret().getOptional()).isNull();
    assertThat(redis.get(1).getSecret().getItems().get(0).getKey()).isEqualTo("user");
    assertThat(redis.get(1).getSecret().getItems().get(0).getPath()).isEqualTo("username");
    assertThat(redis.get(1).getSecret().getOptional()).isNull();

    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("cachesync.io/injected", "catalogue")
        .containsEntry("cachesync.io/sidecar-hash", SidecarTemplate.hashFor(shop.get(0), DEFAULTS));
    assertThat(metrics.total("injected")).isEqualTo(1);
  }

  @Test
  @DisplayName("Kubernetes 1.28: a regular container after the app's, init containers untouched")
  void regularContainer() {
    var result = send(handler(V1_28), "pod-matched.json");

    Pod pod = result.pod();
    assertThat(names(pod.getSpec().getInitContainers())).containsExactly("migrate");
    assertThat(names(pod.getSpec().getContainers()))
        .containsExactly("books", "log-shipper", "cachesync-sidecar");
    assertThat(pod.getSpec().getContainers().get(2).getRestartPolicy()).isNull();
    assertThat(env(pod.getSpec().getInitContainers().get(0))).doesNotContainKey("CACHESYNC_TARGET");
    assertAppContainersWired(pod, 7070);
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("cachesync.io/sidecar-hash", SidecarTemplate.hashFor(shop.get(0), DEFAULTS));
  }

  @Test
  @DisplayName("a native sidecar goes after native sidecars already there (a mesh proxy)")
  void afterMeshProxy() {
    var result = send(handler(V1_31), "pod-with-mesh-sidecar.json");

    assertThat(names(result.pod().getSpec().getInitContainers()))
        .containsExactly("istio-init", "istio-proxy", "cachesync-sidecar", "migrate");
  }

  @Test
  @DisplayName(
      "a pod with no annotations, volumes, init containers, env or mounts gets them created")
  void barePod() {
    for (KubernetesVersion version : List.of(V1_31, V1_28)) {
      var result = send(handler(version), "pod-bare.json");

      Pod pod = result.pod();
      assertThat(pod.getMetadata().getAnnotations()).containsKey("cachesync.io/injected");
      assertThat(pod.getSpec().getVolumes())
          .extracting(Volume::getName)
          .containsExactly(
              "cachesync-config", "cachesync-sync-key", "cachesync-socket", "cachesync-tmp");
      assertThat(result.container("cachesync-sidecar")).isNotNull();
      assertThat(names(pod.getSpec().getInitContainers()))
          .isEqualTo(version == V1_31 ? List.of("cachesync-sidecar") : List.of());
      assertAppContainersWired(pod, 7070);
    }
  }

  @Test
  @DisplayName("a container that already sets CACHESYNC_TARGET keeps it; the rest is added")
  void keepsOwnTarget() {
    shop.get(0).getSpec().setSidecar(new io.cachesync.operator.model.SidecarSpec());
    shop.get(0).getSpec().getSidecar().setGrpcPort(7171);
    var result = send(handler(V1_31), "pod-has-target.json");

    Container books = result.container("books");
    assertThat(env(books))
        .containsEntry("CACHESYNC_TARGET", "unix:///var/run/cachesync/cache.sock")
        .containsEntry("CACHESYNC_SOCKET", "/var/run/cachesync/cache.sock");
    assertThat(env(result.container("log-shipper")))
        .containsEntry("CACHESYNC_TARGET", "127.0.0.1:7171");
  }

  @Test
  @DisplayName("pods no CacheSync selects, or in another namespace, are admitted unchanged")
  void notSelected() {
    var result = send(handler(V1_31), "pod-not-matched.json");
    assertThat(result.patched()).isFalse();
    assertThat(result.warnings()).isEmpty();

    shop.clear();
    assertThat(send(handler(V1_31), "pod-matched.json").patched()).isFalse();
    assertThat(metrics.total("not-selected")).isEqualTo(2);
  }

  @Test
  @DisplayName("never twice: an injected annotation or a cachesync-sidecar container means done")
  void alreadyInjected() {
    assertThat(send(handler(V1_31), "pod-already-injected.json").patched()).isFalse();
    assertThat(send(handler(V1_31), "pod-has-sidecar-container.json").patched()).isFalse();
    assertThat(metrics.total("already-injected")).isEqualTo(2);
  }

  @Test
  @DisplayName("cachesync.io/inject: \"false\" as an annotation or a label opts a pod out")
  void optedOut() {
    assertThat(send(handler(V1_31), "pod-opted-out-annotation.json").patched()).isFalse();
    assertThat(send(handler(V1_31), "pod-opted-out-label.json").patched()).isFalse();
    assertThat(metrics.total("opted-out")).isEqualTo(2);
  }

  @Test
  @DisplayName("the operator's own pods never get a sidecar, even when a selector matches them")
  void operatorPod() {
    shop.get(0).getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelector());
    assertThat(send(handler(V1_31), "pod-operator.json").patched()).isFalse();
    assertThat(metrics.total("operator-pod")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "several CacheSyncs match: the oldest wins (then the name) and a warning names the rest")
  void several() {
    shop.add(cacheSync("newer", "2025-03-01T00:00:00Z"));
    shop.add(cacheSync("also-oldest", "2025-01-01T00:00:00Z"));
    shop.add(cacheSync("unstamped", null));
    var result = send(handler(V1_31), "pod-matched.json");

    assertThat(result.pod().getMetadata().getAnnotations())
        .containsEntry("cachesync.io/injected", "also-oldest");
    assertThat(result.container("cachesync-sidecar").getVolumeMounts().get(0).getName())
        .isEqualTo("cachesync-config");
    assertThat(result.pod().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("cachesync-config"))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getConfigMap().getName()).isEqualTo("also-oldest-sidecar-config"));
    assertThat(result.warnings())
        .singleElement()
        .asString()
        .contains("catalogue, newer, unstamped")
        .contains("also-oldest");
  }

  @Test
  @DisplayName("a CacheSync whose spec is invalid injects nothing and says so")
  void invalidCacheSync() {
    Admissions.invalid(shop.get(0));
    var result = send(handler(V1_31), "pod-matched.json");

    assertThat(result.patched()).isFalse();
    assertThat(result.warnings())
        .singleElement()
        .asString()
        .contains("catalogue")
        .contains("invalid");
    assertThat(metrics.total("invalid-cachesync")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a CacheSync just created with an invalid spec (no status yet) injects nothing: its ConfigMap would never come")
  void invalidBeforeStatus() {
    shop.get(0).setStatus(null);
    shop.get(0).getSpec().getCaches().get(0).setTtl("0s");
    var result = send(handler(V1_31), "pod-matched.json");

    assertThat(result.patched()).isFalse();
    assertThat(metrics.total("invalid-cachesync")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "CacheSyncs being deleted or with a selector the API server would refuse select nothing")
  void unusableCacheSyncs() {
    shop.get(0).getMetadata().setDeletionTimestamp("2025-06-01T00:00:00Z");
    CacheSync broken = cacheSync("broken", "2024-01-01T00:00:00Z");
    broken.getSpec().setSelector(SelectorMatchTest.expression("app", "Equals", "books"));
    shop.add(broken);
    assertThat(send(handler(V1_31), "pod-matched.json").patched()).isFalse();
  }

  @Test
  @DisplayName("only pod CREATEs are mutated: an UPDATE is admitted unchanged")
  void update() {
    var result = send(handler(V1_31), "pod-update.json");
    assertThat(result.patched()).isFalse();
    assertThat(metrics.total("not-a-create")).isEqualTo(1);
  }

  static SidecarSpec sidecar(CacheSync cs) {
    if (cs.getSpec().getSidecar() == null) cs.getSpec().setSidecar(new SidecarSpec());
    return cs.getSpec().getSidecar();
  }

  /** A pod the CacheSync selects gets nothing from it: a warning naming the field, a count. */
  void assertNothingInjected(String field) {
    var result = send(handler(V1_31), "pod-matched.json");

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.patched()).isFalse();
    assertThat(result.warnings())
        .singleElement()
        .asString()
        .contains("violates the cachesync.io policy; no sidecar injected", field);
    assertThat(metrics.total("policy-violation")).isEqualTo(1);
  }

  @Test
  @DisplayName("a CacheSync naming a foreign image injects nothing: pod admitted bare, warned")
  void foreignImage() {
    sidecar(shop.get(0)).setImage("evil.example.com/miner:1");
    assertNothingInjected("spec.sidecar.image: 'evil.example.com/miner:1'");
  }

  @Test
  @DisplayName("a CacheSync adding -javaagent (even quoted) injects nothing")
  void javaAgent() {
    sidecar(shop.get(0)).setJvmOptions("-Xmx64m \"-javaagent:/tmp/agent.jar\"");
    assertNothingInjected("spec.sidecar.jvmOptions: '-javaagent:/tmp/agent.jar'");
  }

  @Test
  @DisplayName("a CacheSync with -XX:OnOutOfMemoryError injects nothing")
  void onOutOfMemory() {
    sidecar(shop.get(0)).setJvmOptions("-XX:OnOutOfMemoryError=sh");
    assertNothingInjected("-XX:OnOutOfMemoryError=sh");
  }

  @Test
  @DisplayName("a CacheSync with selector {} (every pod) injects nothing")
  void emptySelector() {
    shop.get(0).getSpec().setSelector(new LabelSelector());
    assertNothingInjected("spec.selector");
  }

  @Test
  @DisplayName("credentials from a Secret not labelled cachesync.io/credentials=true: no sidecar")
  void unlabelledSecret() {
    Admissions.withCredentials(shop.get(0))
        .getSpec()
        .getRedis()
        .getCredentials()
        .setSecretName("db-root");
    assertNothingInjected("spec.redis.credentials.secretName: 'db-root'");
  }

  @Test
  @DisplayName("credentials from a Secret that does not exist yet: no sidecar (nothing to check)")
  void missingSecret() {
    Admissions.withCredentials(shop.get(0))
        .getSpec()
        .getRedis()
        .getCredentials()
        .setSecretName("later");
    assertNothingInjected("the Secret does not exist");
  }

  @Test
  @DisplayName(
      "fails open: an error while deciding admits the pod unchanged, with a warning, counted")
  void failsOpen() {
    CacheSyncLookup broken =
        ns -> {
          throw new IllegalStateException("informer exploded");
        };
    var handler = new AdmissionHandler(new PodInjector(broken, V1_31, DEFAULTS), metrics);
    var result = send(handler, "pod-matched.json");

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.patched()).isFalse();
    assertThat(result.warnings()).singleElement().asString().contains("informer exploded");
    assertThat(metrics.total("failed")).isEqualTo(1);
  }

  @Test
  @DisplayName("hostNetwork pods, and pods with a volume of the sidecar's name, are left alone")
  void conflicts() throws Exception {
    var json = Admissions.JSON;
    var review =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(Admissions.review("pod-bare.json"));
    var spec =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            review.path("request").path("object").path("spec");
    spec.put("hostNetwork", true);
    byte[] hostNetwork = json.writeValueAsBytes(review);
    var result = Admissions.answer(hostNetwork, handler(V1_31).handle(hostNetwork));
    assertThat(result.patched()).isFalse();
    assertThat(result.warnings()).singleElement().asString().contains("hostNetwork");

    spec.remove("hostNetwork");
    spec.putArray("volumes").addObject().put("name", "cachesync-socket").putObject("emptyDir");
    byte[] clash = json.writeValueAsBytes(review);
    result = Admissions.answer(clash, handler(V1_31).handle(clash));
    assertThat(result.patched()).isFalse();
    assertThat(result.warnings()).singleElement().asString().contains("cachesync-socket");
  }

  @Test
  @DisplayName("a body that is not a v1 AdmissionReview is a 400 that says why")
  void badRequests() {
    var h = handler(V1_31);
    var malformed = send(h, "malformed.json");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body()).startsWith("malformed AdmissionReview: not JSON");

    var pod = send(h, "not-a-review.json");
    assertThat(pod.status()).isEqualTo(400);
    assertThat(pod.body()).contains("apiVersion 'v1' is not served; only admission.k8s.io/v1");

    var old = send(h, "review-v1beta1.json");
    assertThat(old.status()).isEqualTo(400);
    assertThat(old.body()).contains("'admission.k8s.io/v1beta1' is not served");

    var empty = Admissions.answer(new byte[0], h.handle(new byte[0]));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("expected a JSON object");

    byte[] noUid =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var missing = Admissions.answer(noUid, h.handle(noUid));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo("malformed AdmissionReview: request.uid is missing");

    byte[] trailing =
        "{\"apiVersion\":\"admission.k8s.io/v1\"} {}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(h.handle(trailing).status()).isEqualTo(400);
    assertThat(metrics.total("bad-request")).isEqualTo(6);
  }
}
