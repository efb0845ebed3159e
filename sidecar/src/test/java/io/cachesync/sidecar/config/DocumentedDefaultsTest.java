package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The config files the docs show are what the code does. */
class DocumentedDefaultsTest {

  @Test
  @DisplayName("the whole file of docs/configuration.md, every key at its default, is the defaults")
  void wholeFileIsTheDefaults() throws Exception {
    String doc = Files.readString(Path.of("../docs/configuration.md"));
    int section = doc.indexOf("## The whole file");
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    assertThat(ConfigLoader.parse(yaml)).isEqualTo(SidecarConfig.defaults());
  }

  @Test
  @DisplayName("the README's config example is a file the sidecar accepts")
  void readmeExampleParses() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int section = readme.indexOf("## Configure it");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    SidecarConfig c = ConfigLoader.parse(readme.substring(start, readme.indexOf("```", start)));
    assertThat(c.cache("books").orElseThrow().l2().prefix())
        .isEqualTo(L2Config.defaultPrefix(c.sync().channel(), "books"));
    assertThat(c.loader().maxQueued()).isEqualTo(LoaderConfig.none().maxQueued());
  }
}
