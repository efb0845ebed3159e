package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChartLintTest {
  @Test
  @DisplayName("helm lint --strict finds nothing to complain about")
  void strictLintPasses() {
    LintResult result = Chart.helm().lint().strict().call();

    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
