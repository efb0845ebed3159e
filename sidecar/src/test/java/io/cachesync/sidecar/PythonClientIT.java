package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The foreign client: examples/python (grpcio) runs its unittest suites against real sidecars. */
class PythonClientIT {
  static final Path EXAMPLE = ExampleRun.example("python");

  /** The tests that need the sidecars: each must run and pass, none may skip. */
  static final List<String> AGAINST_SIDECARS =
      List.of(
          "test_a_miss_loads_and_fills_then_the_next_read_hits",
          "test_a_stale_fill_is_refused_and_its_value_served_uncached",
          "test_an_absent_row_is_not_cached",
          "test_the_sidecars_statuses_reach_the_caller",
          "test_a_write_through_one_sidecar_is_seen_fresh_by_another",
          "test_a_fill_overtaken_by_a_peers_invalidation_is_refused",
          "test_the_loader_serves_read_through_misses_once_then_hits",
          "test_reads_from_many_threads_share_one_session_each_answered_by_id",
          "test_a_failed_read_fails_alone_and_the_session_goes_on",
          "test_session_false_reads_unary_and_sees_the_same");

  /**
   * The first interpreter that imports grpc and protobuf: $CACHESYNC_PYTHON, python3 on PATH, then
   * Debian's /usr/bin/python3 (python3-grpcio installs for that one, not for a pyenv or venv
   * python3 that may come first on PATH). Skips, saying why, when none does.
   */
  static String pythonWithGrpc() {
    List<String> candidates = new ArrayList<>();
    String chosen = System.getenv("CACHESYNC_PYTHON");
    if (chosen != null && !chosen.isBlank()) candidates.add(chosen);
    if (ExampleRun.onPath("python3")) candidates.add("python3");
    candidates.add("/usr/bin/python3");
    for (String python : candidates) {
      if (ExampleRun.succeeds(List.of(python, "-c", "import grpc, google.protobuf"), 60)) {
        return python;
      }
    }
    assumeTrue(
        false,
        "no python3 with grpcio and protobuf (tried "
            + candidates
            + "): install python3-grpcio and python3-protobuf, or set CACHESYNC_PYTHON");
    return null;
  }

  @Test
  @DisplayName(
      "the Python client's look-aside, stale fill, two-sidecar and CacheLoader tests and its"
          + " walk-through pass on real sidecars")
  void pythonSuites() throws Exception {
    String python = pythonWithGrpc();
    try (ForeignClientSidecars sidecars = new ForeignClientSidecars()) {
      String out =
          ExampleRun.run(
              List.of(python, "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v"),
              EXAMPLE,
              sidecars.env(),
              180);
      for (String test : AGAINST_SIDECARS) {
        assertThat(out).as("unittest output").containsPattern(test + " \\(.*\\) \\.\\.\\. ok");
      }
      String walk = ExampleRun.run(List.of(python, "lookaside.py"), EXAMPLE, sidecars.env(), 60);
      assertThat(walk).contains("ok   fill:").contains("ok   look_aside:").doesNotContain("FAIL");
      var books = sidecars.a.caches().find(ForeignClientSidecars.LOOK_ASIDE).statistics();
      assertThat(books.hits()).as("hits on sidecar a").isPositive();
      assertThat(books.fillsRejected()).as("stale fills refused by sidecar a").isPositive();
    }
  }
}
