package io.cachesync.demo;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.PutResponse;
import io.cachesync.demo.Pod.Timed;
import io.cachesync.demo.WatchFeed.Arrival;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The client story, on one book: reads that miss, load and fill; a write that drops every other
 * pod's copy; and a fill that loses the race against an invalidation. Every step checks what it
 * expects and throws {@link DemoFailure} when the sidecars behave otherwise. Asynchronous effects
 * (a change reaching a peer) are awaited on that peer's Watch stream, with a bound.
 */
final class Scenario {
  private static final String KEY = BookCatalogue.KNR;
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration WATCH_READY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WATCH_RETRY = Duration.ofSeconds(1);
  private static final long NEW_PRICE = 4750;
  private static final long NEWER_PRICE = 4400;

  private final List<Pod> pods;
  private final BookCatalogue db;
  private final StepTable table;
  private String step = "0";
  private int checks;

  Scenario(List<Pod> pods, BookCatalogue db, StepTable table) {
    if (pods.size() < 2) throw new IllegalArgumentException("the story needs at least two pods");
    this.pods = List.copyOf(pods);
    this.db = db;
    this.table = table;
  }

  /** The step running (or that failed). */
  String step() {
    return step;
  }

  /** How many expectations were checked. */
  int checks() {
    return checks;
  }

  void run() {
    table.header();
    watchEveryPod();
    firstRead();
    everyPodReads();
    writeOnOnePod();
    staleFillRace();
    step = "5";
    List<String> wrong = new StatsSummary(table).report(pods);
    checks += pods.size();
    if (!wrong.isEmpty()) {
      throw new DemoFailure(
          "the sidecars' Stats disagree with what the client saw:\n  "
              + String.join("\n  ", wrong));
    }
  }

  /**
   * 0. A Watch stream sends nothing until there is an event: make one, and wait for every stream to
   * see it.
   */
  private void watchEveryPod() {
    begin("0", "open a Watch on every pod and make sure each stream is live");
    long start = System.nanoTime();
    for (Pod p : pods) p.openWatch();
    Pod a = pods.get(0);
    Pod b = pods.get(1);
    confirmWatches(a, others(a));
    confirmWatches(b, List.of(a));
    table.row(
        step,
        "all",
        "Watch the books cache on every pod; "
            + a.name()
            + " then "
            + b.name()
            + " clear the still-empty cache",
        "every peer's Watch got CLEARED: " + pods.size() + " streams live",
        StepTable.duration(System.nanoTime() - start));
  }

  private void confirmWatches(Pod from, List<Pod> peers) {
    Map<Pod, Integer> marks = marks(peers);
    long deadline = System.nanoTime() + WATCH_READY_TIMEOUT.toNanos();
    List<Pod> waiting = new ArrayList<>(peers);
    while (true) {
      from.invalidateAll();
      long roundEnd = System.nanoTime() + WATCH_RETRY.toNanos();
      waiting.removeIf(
          p ->
              p.watch()
                      .await(
                          marks.get(p),
                          e -> e.getKind() == CacheEvent.Kind.CLEARED && from.isOrigin(e),
                          Duration.ofNanos(Math.max(0, roundEnd - System.nanoTime())))
                  != null);
      if (waiting.isEmpty()) return;
      if (System.nanoTime() - deadline > 0) {
        throw new DemoFailure(
            "the Watch stream of "
                + names(waiting)
                + " reported none of "
                + from.name()
                + "'s InvalidateAll calls within "
                + WATCH_READY_TIMEOUT.toSeconds()
                + " s");
      }
    }
  }

  /** 1. The first read anywhere: miss, load, fill, hit. */
  private void firstRead() {
    Book book = db.peek(KEY);
    begin(
        "1",
        pods.get(0).name() + " reads \"" + book.title() + "\" (" + KEY + ") for the first time");
    readThrough(pods.get(0), book);
  }

  /** 2. Everybody else fills too; fills are local, so nobody loses a copy. */
  private void everyPodReads() {
    begin(
        "2",
        "every other pod reads it too: a fill is installed on that pod only, it drops nobody's copy");
    Map<Pod, Integer> marks = marks(pods);
    Book book = db.peek(KEY);
    for (Pod p : others(pods.get(0))) readThrough(p, book);
    for (Pod p : pods) {
      Timed<GetResponse> r = p.get(KEY);
      expectHit(p, r, book, "after every pod filled (a fill must not drop a peer's copy)");
      row(p, "Get " + KEY + " again", "hit: " + book.brief() + ", still cached", r.nanos());
    }
    List<String> seen = new ArrayList<>();
    for (Pod p : pods) {
      for (Arrival a : p.watch().since(marks.get(p))) {
        if (a.event().getKind() != CacheEvent.Kind.CLEARED)
          seen.add(p.name() + ": " + brief(a.event()));
      }
    }
    expect(seen.isEmpty(), "fills must not be broadcast, but Watch streams reported " + seen);
    table.row(
        step,
        "all",
        "the Watch streams during these fills",
        "no events: fills are not broadcast",
        "");
  }

  /** 3. A write on one pod: installed there, dropped everywhere else. */
  private void writeOnOnePod() {
    Pod writer = pods.get(1);
    Pod watcher = pods.size() > 2 ? pods.get(2) : pods.get(0);
    Book old = db.peek(KEY);
    begin("3", writer.name() + " changes the price: a write, so every other pod drops its copy");
    long t = System.nanoTime();
    Book updated = db.updatePrice(KEY, NEW_PRICE);
    row(
        writer,
        "the catalogue row changes: price " + old.price() + " -> " + updated.price(),
        updated.brief() + " committed in the DB",
        System.nanoTime() - t);
    List<Pod> peers = others(writer);
    Map<Pod, Integer> marks = marks(peers);
    Timed<PutResponse> w = writer.write(KEY, updated.toBytes());
    expect(
        w.value().getApplied(),
        writer.name() + ": a write (Put without fill token) came back applied:false");
    row(
        writer,
        "Put " + updated.brief() + " with no fill token (a write)",
        "applied; the change goes out to every peer",
        w.nanos());
    awaitChange(peers, marks, writer, CacheEvent.Kind.UPDATED, watcher, w.endNanos(), "Put");
    for (Pod p : peers) {
      Timed<GetResponse> r = p.get(KEY);
      expect(
          !r.value().getFound(),
          p.name()
              + ": Get after "
              + writer.name()
              + "'s write should miss (the copy dropped), but it was "
              + describe(r));
      row(p, "Get " + KEY, "miss: its " + old.brief() + " copy is gone", r.nanos());
    }
    Timed<GetResponse> own = writer.get(KEY);
    expectHit(writer, own, updated, "after its own write");
    row(writer, "Get " + KEY, "hit: " + updated.brief() + ", its own write", own.nanos());
  }

  /**
   * 4. A slow read loses against an update: its late fill is refused instead of caching a stale
   * row.
   */
  private void staleFillRace() {
    // the reader must not hold the row (step 3's writer does): pod-3, or with two pods pod-1
    // against pod-2
    Pod reader = pods.size() > 2 ? pods.get(2) : pods.get(0);
    Pod updater = pods.size() > 2 ? pods.get(0) : pods.get(1);
    begin(
        "4",
        "the race: " + reader.name() + " reads the row while " + updater.name() + " changes it");
    Timed<GetResponse> miss = reader.get(KEY);
    expect(
        !miss.value().getFound(),
        reader.name()
            + ": Get should miss (its copy was dropped in step 3), but it was "
            + describe(miss));
    long token = miss.value().getFillToken();
    expect(token != 0, reader.name() + ": a miss came without a fill token");
    row(reader, "Get " + KEY, "miss, fill token " + hex(token), miss.nanos());
    long t = System.nanoTime();
    Book stale = db.load(KEY);
    row(
        reader,
        "reads the row from the catalogue DB (a slow query...)",
        stale.brief() + ", about to go stale",
        System.nanoTime() - t);

    List<Pod> peers = others(updater);
    Map<Pod, Integer> marks = marks(peers);
    t = System.nanoTime();
    Book fresh = db.updatePrice(KEY, NEWER_PRICE);
    row(
        updater,
        "meanwhile the row changes: price " + stale.price() + " -> " + fresh.price(),
        fresh.brief() + " committed in the DB",
        System.nanoTime() - t);
    Timed<Void> inv = updater.invalidate(KEY);
    row(
        updater,
        "Invalidate " + KEY,
        "dropped here; the change goes out to every peer",
        inv.nanos());
    awaitChange(
        peers, marks, updater, CacheEvent.Kind.INVALIDATED, reader, inv.endNanos(), "Invalidate");

    Timed<PutResponse> late = reader.fill(KEY, stale.toBytes(), token);
    expect(
        !late.value().getApplied(),
        reader.name()
            + ": the late fill of "
            + stale.brief()
            + " (its token was issued before "
            + updater.name()
            + "'s Invalidate reached it) came back applied:true: the cache now serves a stale row");
    row(
        reader,
        "the slow query returns: Put " + stale.brief() + " with the token of its miss (a fill)",
        "applied:false: the stale " + stale.brief() + " was refused",
        late.nanos());
    readThrough(reader, fresh);
  }

  /** Miss (with a token), load from the DB, fill (applied), hit on what was loaded. */
  private void readThrough(Pod pod, Book expected) {
    Timed<GetResponse> miss = pod.get(KEY);
    expect(
        !miss.value().getFound(),
        pod.name()
            + ": Get "
            + KEY
            + " should miss (nothing cached there), but it was "
            + describe(miss));
    long token = miss.value().getFillToken();
    expect(token != 0, pod.name() + ": a miss came without a fill token");
    row(pod, "Get " + KEY, "miss, fill token " + hex(token), miss.nanos());

    long t = System.nanoTime();
    Book loaded = db.load(KEY);
    expect(
        loaded.equals(expected),
        "the catalogue returned " + loaded.brief() + ", the story expected " + expected.brief());
    row(
        pod,
        "load the row from the catalogue DB",
        loaded.brief() + " \"" + loaded.title() + "\"",
        System.nanoTime() - t);

    Timed<PutResponse> fill = pod.fill(KEY, loaded.toBytes(), token);
    expect(
        fill.value().getApplied(),
        pod.name()
            + ": the fill of "
            + loaded.brief()
            + " came back applied:false, though nothing invalidated "
            + KEY
            + " since its miss");
    row(
        pod,
        "Put it with the fill token (a fill)",
        "applied: cached on " + pod.name() + " only",
        fill.nanos());

    Timed<GetResponse> hit = pod.get(KEY);
    expectHit(pod, hit, loaded, "right after its fill");
    row(pod, "Get " + KEY, "hit: " + loaded.brief(), hit.nanos());
  }

  /**
   * Waits until every peer's Watch reported {@code from}'s change of the key, shows when it reached
   * {@code shown} (from the moment the change's RPC returned) and when it reached the others.
   */
  private void awaitChange(
      List<Pod> peers,
      Map<Pod, Integer> marks,
      Pod from,
      CacheEvent.Kind kind,
      Pod shown,
      long returnedAt,
      String rpc) {
    Map<Pod, Arrival> arrivals = new LinkedHashMap<>();
    for (Pod p : peers) {
      Arrival a =
          p.watch()
              .await(
                  marks.get(p),
                  e -> from.isOrigin(e) && e.getKeysList().contains(KEY),
                  EVENT_TIMEOUT);
      expect(
          a != null,
          p.name()
              + ": its Watch stream did not report "
              + from.name()
              + "'s "
              + rpc
              + " of "
              + KEY
              + " within "
              + EVENT_TIMEOUT.toSeconds()
              + " s (events seen: "
              + seen(p, marks.get(p))
              + ")");
      expect(
          a.event().getKind() == kind,
          p.name()
              + ": "
              + from.name()
              + "'s "
              + rpc
              + " arrived as "
              + a.event().getKind()
              + ", expected "
              + kind);
      p.peerChanged();
      arrivals.put(p, a);
    }
    Arrival a = arrivals.get(shown);
    long delay = a.nanos() - returnedAt;
    row(
        shown,
        "its Watch stream reports the change (time: from the " + rpc + "'s return to the event)",
        a.event().getKind()
            + " "
            + KEY
            + " from "
            + a.event().getOrigin()
            + (delay < 0 ? ", even before " + from.name() + "'s " + rpc + " returned" : ""),
        StepTable.delta(delay));
    List<Pod> rest = peers.stream().filter(p -> p != shown).toList();
    if (!rest.isEmpty()) {
      long last = rest.stream().mapToLong(p -> arrivals.get(p).nanos()).max().orElseThrow();
      table.row(
          step,
          "others",
          "the same event on " + names(rest) + "'s Watch: their copies are gone too",
          "arrived on each; time of the last one",
          StepTable.delta(last - returnedAt));
    }
  }

  private void expectHit(Pod pod, Timed<GetResponse> r, Book expected, String when) {
    expect(
        r.value().getFound(),
        pod.name()
            + ": Get "
            + KEY
            + " "
            + when
            + " should hit "
            + expected.brief()
            + ", but it missed");
    Book got = Book.fromBytes(r.value().getValue());
    expect(
        got.equals(expected),
        pod.name()
            + ": Get "
            + KEY
            + " "
            + when
            + " returned "
            + got.brief()
            + ", expected "
            + expected.brief());
  }

  private void expect(boolean ok, String failure) {
    checks++;
    if (!ok) throw new DemoFailure(failure);
  }

  private void begin(String number, String title) {
    step = number;
    table.section(number, title);
  }

  private void row(Pod pod, String what, String result, long nanos) {
    table.row(step, pod.name(), what, result, StepTable.duration(nanos));
  }

  private void row(Pod pod, String what, String result, String time) {
    table.row(step, pod.name(), what, result, time);
  }

  private List<Pod> others(Pod pod) {
    return pods.stream().filter(p -> p != pod).toList();
  }

  private static Map<Pod, Integer> marks(List<Pod> pods) {
    Map<Pod, Integer> marks = new LinkedHashMap<>();
    for (Pod p : pods) marks.put(p, p.watch().mark());
    return marks;
  }

  private static String names(List<Pod> pods) {
    return pods.stream().map(Pod::name).collect(Collectors.joining(", "));
  }

  private static String seen(Pod p, int mark) {
    List<Arrival> all = p.watch().since(mark);
    return all.isEmpty()
        ? "none"
        : all.stream().map(a -> brief(a.event())).collect(Collectors.joining("; "));
  }

  private static String brief(CacheEvent e) {
    return e.getKind() + " " + e.getKeysList() + " from " + e.getOrigin();
  }

  private static String describe(Timed<GetResponse> r) {
    return r.value().getFound()
        ? "a hit on " + Book.fromBytes(r.value().getValue()).brief()
        : "a miss";
  }

  private static String hex(long token) {
    return "0x" + Long.toHexString(token);
  }
}
