package io.cachesync.bench.family;

import com.google.protobuf.ByteString;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Values;
import io.cachesync.bench.Workload;
import io.cachesync.bench.proc.ClassDataArchive;
import io.cachesync.bench.proc.HeapHistogram;
import io.cachesync.bench.proc.ProcMemory;
import io.cachesync.bench.proc.SidecarStats;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Memory of a sidecar. Idle RSS: one sidecar with the minimal config, SERVING and left alone for a
 * few seconds, read from /proc. Bytes per entry: a second sidecar (with {@link #FILLED_OPTIONS}
 * after the run's JVM options, so 100,000 entries of 1 KiB fit whatever the heap flags under test
 * and a collection leaves no garbage standing in as live objects, and a {@code maximumSize} a
 * quarter above its entries) gets 1,000 warm-up entries, then a {@code jcmd GC.class_histogram}
 * (which collects first, so only live objects count), then the entries, then another histogram. The
 * live-heap growth per entry, minus the key's and the value's own bytes, is the overhead; the
 * per-class growth says where it goes.
 *
 * <p>What a node pays per extra sidecar is its unique memory, not its RSS: pages mapped from a
 * class-data archive in the image are shared by every sidecar on the node. So four idle sidecars
 * that map one archive give the USS and PSS figures.
 */
public final class MemoryFamily implements Family {
  private static final int WARM_ENTRIES = 1_000;
  private static final String KEY_PREFIX = "entry-";
  private static final Duration FILL_TIMEOUT = Duration.ofMinutes(3);

  /** Idle sidecars that share one class-data archive for the USS and PSS figures. */
  static final int SHARING = 4;

  private static final double MIB = 1024.0 * 1024.0;

  /**
   * For the filled sidecar, after the run's options. {@code -Xmx1g}: the entries fit. {@code
   * MarkSweepDeadRatio=0}: the full collection of each histogram compacts everything. By default
   * SerialGC's mark-compact leaves up to 5 % of a space's garbage where it lies, turned into filler
   * objects that heap walks count as live; on JDK 17 those are {@code int[]}, so the histogram
   * counted 20-35 bytes per entry of dead space under {@code -XX:+UseSerialGC} (not in every run:
   * every fourth full collection compacts fully). The flag changes no object's layout, only how
   * much garbage a full collection may leave standing.
   */
  static final List<String> FILLED_OPTIONS = List.of("-Xmx1g", "-XX:MarkSweepDeadRatio=0");

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public List<String> figures() {
    return List.of(
        "rss_idle_mib",
        "uss_idle_mib",
        "pss_idle_mib",
        "overhead_bytes_per_entry",
        "overhead_rss_bytes_per_entry");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    String redis = rig.redis().uri();
    LaunchedSidecar idle =
        rig.spawnSidecar(
            "idle",
            List.of(),
            port -> SidecarYaml.minimal(redis, port, rig.channelName("idle"), 10_000));
    idle.awaitServing();
    Thread.sleep(w.idleSettle().toMillis());
    double idleMib = ProcMemory.rssBytes(idle.pid()) / (1024.0 * 1024.0);
    idle.stop();
    results.put("rss_idle_mib", idleMib);
    rig.progress("idle RSS %.1f MiB", idleMib);
    sharedArchive(rig, results);

    int n = w.overheadEntries();
    LaunchedSidecar filled =
        rig.spawnSidecar(
            "filled",
            FILLED_OPTIONS,
            port -> SidecarYaml.minimal(redis, port, rig.channelName("filled"), capacityFor(n)));
    filled.awaitServing();
    ByteString value = ByteString.copyFrom(Values.of(w.overheadValueBytes()));
    Filler.fill(filled, "warm-", WARM_ENTRIES, value, FILL_TIMEOUT);
    HeapHistogram before = HeapHistogram.of(rig.runtime().jcmd(), filled.pid());
    long rssBefore = ProcMemory.rssBytes(filled.pid());
    Filler.fill(filled, KEY_PREFIX, n, value, FILL_TIMEOUT);
    HeapHistogram after = HeapHistogram.of(rig.runtime().jcmd(), filled.pid());
    long rssAfter = ProcMemory.rssBytes(filled.pid());
    long size = SidecarStats.of(filled, SidecarYaml.HIT_CACHE).getSize();
    filled.stop();
    if (size != WARM_ENTRIES + n) {
      throw new IllegalStateException(
          "the cache holds " + size + " entries, expected " + (WARM_ENTRIES + n) + " (evictions?)");
    }
    int payload = Filler.key(KEY_PREFIX, 0).length() + w.overheadValueBytes();
    double heapPerEntry = (after.totalBytes() - before.totalBytes()) / (double) n;
    double rssPerEntry = (rssAfter - rssBefore) / (double) n;
    results.put("overhead_bytes_per_entry", heapPerEntry - payload);
    results.put("overhead_rss_bytes_per_entry", rssPerEntry - payload);
    results.note(
        String.format(
            Locale.ROOT,
            "memory: %,d entries of %d-byte keys and %d-byte values took %.0f bytes each of live"
                + " heap; by class: %s",
            n,
            payload - w.overheadValueBytes(),
            w.overheadValueBytes(),
            heapPerEntry,
            perEntryByClass(before, after, n)));
    rig.progress(
        "%.0f bytes of heap per entry beyond key and value (%d entries)",
        heapPerEntry - payload, n);
  }

  /**
   * What each further sidecar costs a node: {@value #SHARING} idle sidecars at once mapping one
   * class-data archive, as the pods of a node do when their image carries it. USS is what one of
   * them adds (its private pages), PSS its share of everything it maps; both the mean of the four.
   */
  private static void sharedArchive(Rig rig, Results results) throws Exception {
    String redis = rig.redis().uri();
    IntFunction<java.util.function.Function<List<String>, LaunchedSidecar>> spawner =
        i ->
            opts ->
                rig.spawnSidecar(
                    "shared-" + i,
                    opts,
                    port ->
                        SidecarYaml.minimal(redis, port, rig.channelName("shared-idle"), 10_000));
    List<String> mapArchive =
        ClassDataArchive.train(rig.dir().resolve("sidecar-shared.jsa"), rig.runtime());
    List<LaunchedSidecar> sidecars = new ArrayList<>();
    try {
      for (int i = 1; i <= SHARING; i++) sidecars.add(spawner.apply(i).apply(mapArchive));
      for (LaunchedSidecar s : sidecars) s.awaitServing();
      Thread.sleep(rig.workload().idleSettle().toMillis());
      List<ProcMemory.Footprint> each = new ArrayList<>();
      for (LaunchedSidecar s : sidecars) each.add(ProcMemory.footprint(s.pid()));
      double uss = each.stream().mapToLong(ProcMemory.Footprint::uss).average().orElseThrow();
      double pss = each.stream().mapToLong(ProcMemory.Footprint::pss).average().orElseThrow();
      results.put("uss_idle_mib", uss / MIB);
      results.put("pss_idle_mib", pss / MIB);
      results.note(
          String.format(
              Locale.ROOT,
              "memory: %d idle sidecars sharing one class-data archive, MiB each (RSS / PSS /"
                  + " USS): %s",
              SHARING,
              String.join(
                  ", ",
                  each.stream()
                      .map(
                          f ->
                              String.format(
                                  Locale.ROOT,
                                  "%.1f / %.1f / %.1f",
                                  f.rss() / MIB,
                                  f.pss() / MIB,
                                  f.uss() / MIB))
                      .toList())));
      rig.progress(
          "%d sidecars sharing an archive: USS %.1f MiB, PSS %.1f MiB each",
          SHARING, uss / MIB, pss / MIB);
    } finally {
      for (LaunchedSidecar s : sidecars) s.stop();
    }
  }

  /**
   * The cache sized as an operator would size it: a quarter above what it holds. (Caffeine's
   * frequency sketch takes 8 bytes per slot of {@code maximumSize}, rounded up to a power of two,
   * so an oversized cache would show as overhead per entry.)
   */
  private static long capacityFor(int entries) {
    return (long) Math.ceil((entries + WARM_ENTRIES) * 1.25);
  }

  /** The classes whose live bytes grew by at least 2 per entry, largest first. */
  private static String perEntryByClass(HeapHistogram before, HeapHistogram after, int n) {
    List<Map.Entry<String, Double>> grown = new ArrayList<>();
    for (Map.Entry<String, Long> e : after.bytesByClass().entrySet()) {
      double per = (e.getValue() - before.bytesByClass().getOrDefault(e.getKey(), 0L)) / (double) n;
      if (per >= 2) grown.add(Map.entry(readable(e.getKey()), per));
    }
    grown.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : grown) {
      if (b.length() > 0) b.append(", ");
      b.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.0f", e.getValue()));
    }
    return b.toString();
  }

  private static String readable(String jvmName) {
    return switch (jvmName) {
      case "[B" -> "byte[]";
      case "[I" -> "int[]";
      case "[J" -> "long[]";
      case "[Ljava.lang.Object;" -> "Object[]";
      default ->
          jvmName.startsWith("[L") && jvmName.endsWith(";")
              ? jvmName.substring(2, jvmName.length() - 1) + "[]"
              : jvmName;
    };
  }
}
