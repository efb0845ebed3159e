package io.cachesync.operator.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SidecarSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SidecarHeapTest {
  static final long MI = 1L << 20;

  @Test
  @DisplayName(
      "the heap follows the memory limit by MaxRAMPercentage (the JVM's 25 unless set), and -Xmx wins wherever it stands")
  void fromOptions() {
    assertThat(SidecarHeap.of(192 * MI, SidecarDefaults.DEFAULT_JVM_OPTIONS))
        .isEqualTo((long) (192 * MI * 0.6));
    assertThat(SidecarHeap.of(400 * MI, "")).isEqualTo(100 * MI);
    assertThat(SidecarHeap.of(400 * MI, "-XX:MaxRAMPercentage=60 -XX:MaxRAMPercentage=50"))
        .isEqualTo(200 * MI);
    assertThat(SidecarHeap.of(400 * MI, "-Xmx96m -XX:MaxRAMPercentage=80")).isEqualTo(96 * MI);
    assertThat(SidecarHeap.of(0, "-XX:MaxHeapSize=1g")).isEqualTo(1L << 30);
    assertThat(SidecarHeap.of(0, SidecarDefaults.DEFAULT_JVM_OPTIONS)).isZero();
  }

  @Test
  @DisplayName(
      "from a CacheSync: its sidecar's memory limit (192Mi by default) and the JVM options the webhook injects")
  void fromCacheSync() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis:6379");
    assertThat(SidecarHeap.of(cs, SidecarDefaults.builtIn())).isEqualTo((long) (192 * MI * 0.6));

    SidecarSpec sidecar = new SidecarSpec();
    sidecar.setResources(
        new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("512Mi")).build());
    sidecar.setJvmOptions("-XX:MaxRAMPercentage=50");
    cs.getSpec().setSidecar(sidecar);
    assertThat(SidecarHeap.of(cs, SidecarDefaults.builtIn())).isEqualTo(256 * MI);

    sidecar.setResources(
        new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("512Mi")).build());
    assertThat(SidecarHeap.of(cs, SidecarDefaults.builtIn()))
        .as("no limit: the sidecar works it out from the heap it finds")
        .isZero();
  }
}
