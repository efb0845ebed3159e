package io.cachesync.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CrdUpToDateTest {
  /** Where fabric8's crd-generator writes, inside the build's classes folder. */
  static final String GENERATED = "META-INF/fabric8/cachesyncs.cachesync.io-v1.yml";

  static final Path CHECKED_IN = Path.of("../crds/cachesyncs.cachesync.io-v1.yml");

  @Test
  @DisplayName(
      "the checked-in CRD is the one the model generates (update: cp operator/"
          + "target/classes/META-INF/fabric8/cachesyncs.cachesync.io-v1.yml crds/)")
  void crdIsCurrent() throws Exception {
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(GENERATED)) {
      assertThat(in).as("the build generates %s", GENERATED).isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(CHECKED_IN))
        .as(
            "crds/ is out of date: run ./mvnw -pl operator process-classes && cp"
                + " operator/target/classes/%s crds/",
            GENERATED)
        .isEqualTo(generated);
  }
}
