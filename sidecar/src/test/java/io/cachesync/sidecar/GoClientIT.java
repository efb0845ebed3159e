package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The foreign client: examples/go (grpc-go, GOPATH mode, offline) runs go test on real sidecars.
 */
class GoClientIT {
  static final Path EXAMPLE = ExampleRun.example("go");

  /** The tests that need the sidecars: each must run and pass, none may skip. */
  static final List<String> AGAINST_SIDECARS =
      List.of(
          "TestLookAsideMissLoadsAndFillsThenHits",
          "TestLookAsideStaleFillIsRefusedAndServedUncached",
          "TestLookAsideAbsentKeyIsNotCached",
          "TestSidecarStatusesReachTheCaller",
          "TestWriteThroughOneSidecarIsSeenFreshByAnother",
          "TestFillOvertakenByAPeersInvalidationIsRefused",
          "TestLoaderServesReadThroughMisses");

  /**
   * Debian's Go libraries, where GOPATH mode finds them. github.com/golang/protobuf must be 1.4 or
   * later (golang-github-golang-protobuf-1-5-dev): grpc-go's codec in 1.3 cannot decode messages
   * made by today's protoc-gen-go.
   */
  static final List<String> GOCODE_NEEDS =
      List.of(
          "src/google.golang.org/grpc/server.go",
          "src/google.golang.org/protobuf/proto/decode.go",
          "src/github.com/golang/protobuf/proto/registry.go");

  static Path gocode() {
    String dir = System.getenv("CACHESYNC_GOCODE");
    Path gocode = Path.of(dir == null || dir.isBlank() ? "/usr/share/gocode" : dir);
    assumeTrue(
        ExampleRun.onPath("go") && ExampleRun.onPath("bash"),
        "go is not installed: the Go client test needs golang-go");
    for (String file : GOCODE_NEEDS) {
      assumeTrue(
          Files.isRegularFile(gocode.resolve(file)),
          "no "
              + gocode.resolve(file)
              + ": install golang-google-grpc-dev, golang-google-protobuf-dev and"
              + " golang-github-golang-protobuf-1-5-dev (or set CACHESYNC_GOCODE)");
    }
    return gocode;
  }

  @Test
  @DisplayName(
      "the Go client's look-aside, stale fill, two-sidecar and CacheLoader tests and its"
          + " walk-through pass on real sidecars")
  void goTests() throws Exception {
    Path gocode = gocode();
    try (ForeignClientSidecars sidecars = new ForeignClientSidecars()) {
      Map<String, String> env = new HashMap<>(sidecars.env());
      env.put("CACHESYNC_GOCODE", gocode.toString());
      // The first run compiles grpc-go from source; later ones reuse Go's build cache.
      String out = ExampleRun.run(List.of("bash", "run-tests.sh", "-v"), EXAMPLE, env, 420);
      for (String test : AGAINST_SIDECARS) {
        assertThat(out).as("go test output").contains("--- PASS: " + test + " ");
      }
      String walk = ExampleRun.run(List.of("bash", "run.sh", "lookaside"), EXAMPLE, env, 120);
      assertThat(walk).contains("ok   fill:").contains("ok   LookAside:").doesNotContain("FAIL");
      var books = sidecars.a.caches().find(ForeignClientSidecars.LOOK_ASIDE).statistics();
      assertThat(books.hits()).as("hits on sidecar a").isPositive();
      assertThat(books.fillsRejected()).as("stale fills refused by sidecar a").isPositive();
    }
  }
}
