package io.cachesync.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CrdUpToDateTest {
  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/cachesyncs.cachesync.io-v1.yml");
  static final Path CHECKED_IN = Path.of("../crds/cachesyncs.cachesync.io-v1.yml");

  @Test
  @DisplayName(
      "the checked-in CRD is the one the model generates (update: cp operator/"
          + "target/classes/META-INF/fabric8/cachesyncs.cachesync.io-v1.yml crds/)")
  void crdIsCurrent() throws Exception {
    assertThat(Files.readString(CHECKED_IN))
        .as(
            "crds/ is out of date: run ./mvnw -pl operator process-classes && cp %s crds/",
            GENERATED)
        .isEqualTo(Files.readString(GENERATED));
  }
}
