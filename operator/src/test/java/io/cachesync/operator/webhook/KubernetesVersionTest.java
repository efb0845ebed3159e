package io.cachesync.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubernetesVersionTest {
  @Test
  @DisplayName("native sidecars from 1.29 on; managed clusters' 29+ minors count as 29")
  void nativeFrom129() {
    assertThat(KubernetesVersion.parse("1", "29").nativeSidecars()).isTrue();
    assertThat(KubernetesVersion.parse("1", "31+").nativeSidecars()).isTrue();
    assertThat(KubernetesVersion.parse("2", "0").nativeSidecars()).isTrue();
    assertThat(KubernetesVersion.parse("1", "28").nativeSidecars()).isFalse();
    assertThat(KubernetesVersion.parse("1", "28+").nativeSidecars()).isFalse();
  }

  @Test
  @DisplayName("an unknown version counts as old: a regular container works everywhere")
  void unknownIsOld() {
    assertThat(KubernetesVersion.parse("", "")).isEqualTo(KubernetesVersion.UNKNOWN);
    assertThat(KubernetesVersion.parse(null, "30")).isEqualTo(KubernetesVersion.UNKNOWN);
    assertThat(KubernetesVersion.parse("one", "thirty")).isEqualTo(KubernetesVersion.UNKNOWN);
    assertThat(KubernetesVersion.UNKNOWN.nativeSidecars()).isFalse();
  }
}
