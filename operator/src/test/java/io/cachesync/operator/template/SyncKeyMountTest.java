package io.cachesync.operator.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.webhook.Admissions;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sync key reaches the sidecar, and only the sidecar, where its config says it is. */
class SyncKeyMountTest {
  static final SidecarDefaults DEFAULTS = SidecarDefaults.of("cachesync/sidecar:0.1.0");

  static CacheSync catalogue() {
    return Admissions.cacheSync("catalogue", "2025-01-01T00:00:00Z");
  }

  @Test
  @DisplayName("the pod gets the CacheSync's <name>-sync-key Secret as a 0444 volume of one file")
  void volume() {
    Sidecar sidecar = SidecarTemplate.render(catalogue(), DEFAULTS);

    Volume key =
        sidecar.volumes().stream()
            .filter(v -> v.getName().equals(SidecarVolumes.SYNC_KEY))
            .findFirst()
            .orElseThrow();
    assertThat(key.getSecret().getSecretName()).isEqualTo("catalogue-sync-key");
    assertThat(key.getSecret().getOptional()).as("a pod waits for its key").isNotEqualTo(true);
    assertThat(key.getSecret().getDefaultMode())
        .as("readable by the sidecar's non-root user, written by nobody")
        .isEqualTo(0444);
    assertThat(key.getSecret().getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getKey() + "->" + i.getPath()).isEqualTo("key->key"));
  }

  @Test
  @DisplayName("the sidecar mounts it read-only at the directory of the config's sync.keyFile")
  void mountMatchesTheConfig() throws Exception {
    CacheSync cs = catalogue();
    var mounts = SidecarTemplate.render(cs, DEFAULTS).container().getVolumeMounts();
    String keyFile =
        new YAMLMapper()
            .readTree(SidecarConfigRenderer.render(cs))
            .path("sync")
            .path("keyFile")
            .asText();

    assertThat(keyFile).isEqualTo("/etc/cachesync/sync-key/key");
    assertThat(mounts)
        .filteredOn(m -> m.getName().equals(SidecarVolumes.SYNC_KEY))
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath() + "/key").isEqualTo(keyFile))
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
  }

  @Test
  @DisplayName("the app containers never see the key: they get only the socket directory")
  void notForTheApp() {
    assertThat(SidecarVolumes.appSocketMount().getName()).isNotEqualTo(SidecarVolumes.SYNC_KEY);
    assertThat(SidecarVolumes.NAMES)
        .as("a pod with a volume of that name is left alone, not given a second one")
        .contains(SidecarVolumes.SYNC_KEY);
  }

  @Test
  @DisplayName(
      "the key's mount is part of the sidecar hash: pods injected before keys existed are outdated")
  void hashCoversTheMount() {
    Sidecar sidecar = SidecarTemplate.render(catalogue(), DEFAULTS);
    var withoutKey =
        sidecar.volumes().stream().filter(v -> !v.getName().equals(SidecarVolumes.SYNC_KEY));
    String hashWithoutKey =
        SidecarHash.of(
            sidecar.container(),
            withoutKey.toList(),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    String hashWithKey =
        SidecarHash.of(
            sidecar.container(),
            sidecar.volumes(),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());

    assertThat(hashWithKey).isNotEqualTo(hashWithoutKey);
    assertThat(SidecarTemplate.hashFor(catalogue(), DEFAULTS))
        .as("the key's content is not: the same spec gives the same hash whatever the key")
        .isEqualTo(sidecar.hash());
  }
}
