package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cachesync.operator.examples.Manifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CRD and the example CacheSyncs against a real kube-apiserver: its structural schema, pruning
 * and defaulting, not the in-process stand-ins of {@code ExampleCacheSyncsTest}.
 */
@EndToEnd
class ExampleCacheSyncsOnServerIT {
  static final Path EXAMPLES = Path.of("../examples/kubernetes/cachesyncs");
  static final Path INVALID = Path.of("src/test/resources/invalid-cachesyncs");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Broken files the structural schema itself refuses, with the field the error names. */
  static final Map<String, String> REFUSED_BY_SCHEMA =
      Map.of(
          "bad-duration.yaml", "ttl",
          "unknown-strategy.yaml", "strategy",
          "missing-cache-name.yaml", "name");

  /** Unknown fields are pruned, not refused, without fieldValidation=Strict (1.25+). */
  static final Map<String, String> PRUNED = Map.of("unknown-field.yaml", "evictionPolicy");

  /** Refused only by the CRD's CEL rules (1.25+; dropped by older servers) and the webhook. */
  static final List<String> REFUSED_BY_CEL_OR_WEBHOOK =
      List.of(
          "write-behind-without-loader.yaml",
          "duplicate-cache-names.yaml",
          "tls-secret-without-tls.yaml",
          "empty-selector.yaml",
          "java-agent.yaml");

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
  static KubernetesClient client;

  @BeforeAll
  static void crd() throws IOException {
    client = KUBE.client();
    RealCrd.install(client);
  }

  static List<Path> yamls(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GenericKubernetesResource resource(JsonNode doc) {
    return client
        .getKubernetesSerialization()
        .unmarshal(doc.toString(), GenericKubernetesResource.class);
  }

  static Resource<GenericKubernetesResource> onServer(GenericKubernetesResource r) {
    return client
        .genericKubernetesResources(r.getApiVersion(), r.getKind())
        .inNamespace(r.getMetadata().getNamespace())
        .withName(r.getMetadata().getName());
  }

  /** Creates, reads back and deletes, so files that share a name do not meet. */
  static GenericKubernetesResource roundTrip(GenericKubernetesResource r) {
    RealCrd.namespace(client, r.getMetadata().getNamespace());
    client.resource(r).create();
    Resource<GenericKubernetesResource> stored = onServer(r);
    GenericKubernetesResource back = stored.get();
    stored.delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> stored.get() == null);
    return back;
  }

  /** Every field {@code sent} has is stored with the same value; the server may add defaults. */
  static void assertKept(JsonNode sent, JsonNode stored, String path) {
    assertThat(stored).as("%s was pruned by the server", path).isNotNull();
    if (sent.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        assertKept(f.getValue(), stored.get(f.getKey()), path + "." + f.getKey());
      }
    } else if (sent.isArray()) {
      assertThat(stored.size()).as(path).isEqualTo(sent.size());
      for (int i = 0; i < sent.size(); i++)
        assertKept(sent.get(i), stored.get(i), path + "[" + i + "]");
    } else {
      assertThat(stored).as(path).isEqualTo(sent);
    }
  }

  @Test
  @DisplayName("the checked-in CRD installs and is Established, its CacheSync kind served")
  void crdEstablished() throws IOException {
    CustomResourceDefinition crd = RealCrd.install(client);
    assertThat(crd.getStatus().getAcceptedNames().getKind()).isEqualTo("CacheSync");
    assertThat(
            client
                .genericKubernetesResources(RealCrd.API_VERSION, "CacheSync")
                .inAnyNamespace()
                .list()
                .getItems())
        .isNotNull();
  }

  @Test
  @DisplayName("every example CacheSync is accepted and stored without a field pruned")
  void examplesAccepted() {
    List<Path> files = yamls(EXAMPLES);
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      for (JsonNode doc : Manifests.read(file)) {
        GenericKubernetesResource back = roundTrip(resource(doc));
        assertKept(
            doc.get("spec"), JSON.valueToTree(back.get("spec")), file.getFileName() + ": spec");
      }
    }
  }

  @Test
  @DisplayName("each broken CacheSync the schema can judge is refused with 422 naming the field")
  void brokenRefusedOrDocumented() {
    List<String> names = yamls(INVALID).stream().map(f -> f.getFileName().toString()).toList();
    assertThat(names)
        .as("a new broken file must be sorted into one of the lists here")
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(REFUSED_BY_SCHEMA.keySet(), PRUNED.keySet(), REFUSED_BY_CEL_OR_WEBHOOK)
                .flatMap(c -> c.stream())
                .toList());
    for (Map.Entry<String, String> e : REFUSED_BY_SCHEMA.entrySet()) {
      JsonNode doc = Manifests.read(INVALID.resolve(e.getKey())).get(0);
      RealCrd.namespace(client, doc.at("/metadata/namespace").asText());
      assertThatThrownBy(() -> client.resource(resource(doc)).create())
          .as(e.getKey())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              x -> {
                assertThat(x.getCode()).isEqualTo(422);
                assertThat(x.getMessage()).contains(e.getValue());
              });
    }
    for (Map.Entry<String, String> e : PRUNED.entrySet()) {
      JsonNode doc = Manifests.read(INVALID.resolve(e.getKey())).get(0);
      GenericKubernetesResource back = roundTrip(resource(doc));
      assertThat(JSON.valueToTree(back.get("spec")).toString())
          .as(e.getKey())
          .doesNotContain(e.getValue());
    }
    boolean cel = RealCrd.enforcesCel(client);
    for (String name : REFUSED_BY_CEL_OR_WEBHOOK) {
      JsonNode doc = Manifests.read(INVALID.resolve(name)).get(0);
      if (cel) {
        assertThatThrownBy(() -> client.resource(resource(doc)).create())
            .as(name)
            .isInstanceOf(KubernetesClientException.class);
      } else {
        roundTrip(resource(doc)); // accepted: only the webhook and the reconciler stand in the way
      }
    }
  }
}
