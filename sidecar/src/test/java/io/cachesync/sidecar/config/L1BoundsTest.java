package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Caches that set no bound are bounded by bytes: a share of the heap, split between them. */
class L1BoundsTest {
  static final long MI = 1L << 20;

  @Test
  @DisplayName("the default cache takes half of the heap, by bytes")
  void defaultCache() {
    SidecarConfig c = ConfigLoader.parse("", 96 * MI);
    CacheConfig only = c.caches().get(0);
    assertThat(only.maximumSize()).isNull();
    assertThat(only.maximumWeight()).isEqualTo(48 * MI);
    assertThat(c.limits().heapBytes()).isEqualTo(96 * MI);
    assertThat(SidecarConfig.defaults().limits().heapBytes())
        .isEqualTo(Runtime.getRuntime().maxMemory());
  }

  @Test
  @DisplayName(
      "caches without a bound split the share left by the caches that set maximumWeight; maximumSize alone is kept as it is")
  void split() {
    SidecarConfig c =
        ConfigLoader.parse(
            """
            caches:
              - {name: a}
              - {name: b}
              - {name: weighed, maximumWeight: 10Mi}
              - {name: counted, maximumSize: 500}
            """,
            100 * MI);
    assertThat(c.cache("a").orElseThrow().maximumWeight()).isEqualTo(20 * MI);
    assertThat(c.cache("b").orElseThrow().maximumWeight()).isEqualTo(20 * MI);
    assertThat(c.cache("weighed").orElseThrow().maximumWeight()).isEqualTo(10 * MI);
    assertThat(c.cache("counted").orElseThrow().maximumWeight()).isNull();
    assertThat(c.cache("counted").orElseThrow().maximumSize()).isEqualTo(500);
  }

  @Test
  @DisplayName("limits.l1HeapShare sets the share")
  void share() {
    SidecarConfig c = ConfigLoader.parse("limits: {l1HeapShare: 0.25}", 100 * MI);
    assertThat(c.caches().get(0).maximumWeight()).isEqualTo(25 * MI);
  }

  @Test
  @DisplayName("a cache left with less than 1 MiB of heap is refused, naming it and what to do")
  void tooLittle() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "caches: [{name: big, maximumWeight: 60Mi}, {name: rest}]", 100 * MI))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("caches[1].maximumWeight: unset, and the heap left for it is 0 bytes")
        .hasMessageContaining("limits.l1HeapShare 0.5")
        .hasMessageContaining("set its maximumWeight or maximumSize");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          limits: {l1HeapShare: 0}            | limits.l1HeapShare: must be above 0 and at most 0.9
          limits: {l1HeapShare: 1.5}          | limits.l1HeapShare: must be above 0 and at most 0.9
          limits: {l1HeapShare: half}         | limits.l1HeapShare: 'half' is not a number
          limits: {maxWatchStreams: 0}        | limits.maxWatchStreams: must be positive, got 0
          limits: {maxWatchBacklogBytes: 0}   | limits.maxWatchBacklogBytes: must be positive, got 0
          limits: {maxResponseBytes: 0}       | limits.maxResponseBytes: must be positive, got 0
          limits: {maxResponseBytes: 3Gi}     | limits.maxResponseBytes: must be between 1 and 2Gi
          loader: {maxQueued: 0}              | loader.maxQueued: must be positive, got 0
          loader: {maxQueued: -1}             | loader.maxQueued: must be positive, got -1
          """)
  void refused(String yaml, String message) {
    assertThatThrownBy(() -> ConfigLoader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("the budgets parse, and default to 256 streams, 1Mi, 4Mi and 1000 queued")
  void budgets() {
    LimitsConfig d = LimitsConfig.defaults();
    assertThat(d.maxWatchStreams()).isEqualTo(256);
    assertThat(d.maxWatchBacklogBytes()).isEqualTo(MI);
    assertThat(d.maxResponseBytes()).isEqualTo(4 * MI);
    assertThat(LoaderConfig.none().maxQueued()).isEqualTo(1000);
    SidecarConfig c =
        ConfigLoader.parse(
            """
            limits: {maxWatchStreams: 8, maxWatchBacklogBytes: 64Ki, maxResponseBytes: 1Mi}
            loader: {target: 127.0.0.1:7071, maxQueued: 10}
            """);
    assertThat(c.limits().maxWatchStreams()).isEqualTo(8);
    assertThat(c.limits().maxWatchBacklogBytes()).isEqualTo(64 * 1024);
    assertThat(c.limits().maxResponseBytes()).isEqualTo(MI);
    assertThat(c.loader().maxQueued()).isEqualTo(10);
  }
}
