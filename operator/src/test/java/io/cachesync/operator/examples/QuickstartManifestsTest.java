package io.cachesync.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachesync.operator.config.SpecValidator;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.SelectorMatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's Kubernetes quickstart applies {@code examples/kubernetes/quickstart/} as it is:
 * every object parses as its kind, the CacheSync passes the CRD's schema and the operator's checks,
 * and the pieces fit together (the namespace is opted in, the app's pods are selected, the Redis
 * URL names the Service that is there).
 */
class QuickstartManifestsTest {
  static final Path QUICKSTART = Path.of("../examples/kubernetes/quickstart");
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final List<HasMetadata> OBJECTS = new ArrayList<>();
  static final List<JsonNode> DOCUMENTS = new ArrayList<>();

  @BeforeAll
  static void read() throws IOException {
    SERIALIZATION.registerKubernetesResource(CacheSync.class);
    try (Stream<Path> files = Files.list(QUICKSTART)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode doc : Manifests.read(file)) {
          DOCUMENTS.add(doc);
          OBJECTS.add(SERIALIZATION.convertValue(doc, HasMetadata.class));
        }
      }
    }
  }

  static <T> List<T> all(Class<T> type) {
    return OBJECTS.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  @DisplayName("every document parses as a typed Kubernetes object, in the namespace shop")
  void typed() {
    assertThat(OBJECTS).isNotEmpty();
    assertThat(OBJECTS)
        .allSatisfy(
            o -> {
              assertThat(o.getClass().getSimpleName()).isNotEqualTo("GenericKubernetesResource");
              if (!(o instanceof Namespace))
                assertThat(o.getMetadata().getNamespace()).isEqualTo("shop");
            });
  }

  @Test
  @DisplayName("the CacheSync passes the CRD's schema and the operator's own checks")
  void cacheSyncValid() {
    List<JsonNode> cacheSyncs =
        DOCUMENTS.stream().filter(d -> d.path("kind").asText().equals("CacheSync")).toList();
    assertThat(cacheSyncs).hasSize(1);
    assertThat(CrdSchema.cacheSync().problems(cacheSyncs.get(0))).isEmpty();
    assertThat(SpecValidator.problems(all(CacheSync.class).get(0).getSpec())).isEmpty();
  }

  @Test
  @DisplayName(
      "the namespace is opted in, the app's pods are selected, and the Redis URL names the Service")
  void fitsTogether() {
    Namespace ns = all(Namespace.class).get(0);
    assertThat(ns.getMetadata().getLabels()).containsEntry("cachesync.io/injection", "enabled");
    CacheSync cs = all(CacheSync.class).get(0);
    Deployment web =
        all(Deployment.class).stream()
            .filter(d -> d.getMetadata().getName().equals("web"))
            .findFirst()
            .orElseThrow();
    assertThat(
            SelectorMatch.matches(
                cs.getSpec().getSelector(), web.getSpec().getTemplate().getMetadata().getLabels()))
        .isTrue();
    URI redis = URI.create(cs.getSpec().getRedis().getUrl());
    Service service = all(Service.class).get(0);
    assertThat(redis.getHost())
        .isEqualTo(
            service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc");
    assertThat(service.getSpec().getPorts())
        .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(redis.getPort()));
  }
}
