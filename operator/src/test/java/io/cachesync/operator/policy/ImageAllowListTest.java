package io.cachesync.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageAllowListTest {
  static final String DIGEST = "sha256:" + "a".repeat(64);

  static List<PolicyViolation> violations(String image) {
    return PolicyFixtures.POLICY.violations(
        PolicyFixtures.withImage(image), SecretLabels.NONE, MissingSecret.ALLOWED);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(
      strings = {
        "evil.example.com/miner:1",
        "cachesync/sidecar.evil.com/x:1",
        "cachesync/sidecar-evil:1",
        "cachesync/sidecar/x:1",
        "evil.example.com/cachesync/sidecar:1",
        "cachesync/sidecar:1@" + "sha256:bbbb",
        "cachesync/sidecar:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "CacheSync/Sidecar:1",
        " cachesync/sidecar:1",
        "cachesync/sidecar:1 ",
        "cachesync/sidecar :1",
        "",
        "cachesync/sidecar@sha256:short"
      })
  @DisplayName("an image outside the allow-list, or spelt to look like it, is refused, named")
  void refused(String image) {
    assertThat(violations(image))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.sidecar.image");
              assertThat(v.value()).isEqualTo(image);
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "cachesync/sidecar:0.1.0",
        "cachesync/sidecar:0.2.0-rc1",
        "cachesync/sidecar",
        "docker.io/cachesync/sidecar:1",
        "index.docker.io/cachesync/sidecar:1",
        "cachesync/sidecar@"
            + "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  @DisplayName("the chart's own repository, with any tag or any digest, is allowed by default")
  void allowed(String image) {
    assertThat(violations(image)).isEmpty();
  }

  @Test
  @DisplayName("the message says what is allowed and which chart value sets it")
  void message() {
    assertThat(violations("evil.example.com/miner:1").get(0).message())
        .isEqualTo(
            "spec.sidecar.image: 'evil.example.com/miner:1' is not allowed: the platform allows"
                + " only images matching docker.io/cachesync/sidecar:*,"
                + " docker.io/cachesync/sidecar@sha256:* (chart value policy.allowedImages)");
  }

  @Test
  @DisplayName("a mirror's patterns: * stays inside one path component; tags glob")
  void mirrorPatterns() {
    ImageAllowList list =
        new ImageAllowList(
            List.of("mirror.example:5000/team/*:1.*", "mirror.example:5000/x@" + DIGEST));
    assertThat(list.refusal("mirror.example:5000/team/sidecar:1.4")).isNull();
    assertThat(list.refusal("mirror.example:5000/team/a/b:1.4")).isNotNull();
    assertThat(list.refusal("mirror.example:5000/team/sidecar:2.0")).isNotNull();
    assertThat(list.refusal("mirror.example:5000/x@" + DIGEST)).isNull();
    assertThat(list.refusal("mirror.example:5000/x:latest")).isNotNull();
  }

  @Test
  @DisplayName("a CacheSync naming no image gets the operator's own, whatever the list says")
  void noImage() {
    AdmissionPolicy strict = new AdmissionPolicy(new ImageAllowList(List.of()), null);
    assertThat(strict.violations(PolicyFixtures.fine(), SecretLabels.NONE, MissingSecret.ALLOWED))
        .isEmpty();
  }
}
