package io.cachesync.consistency.check;

import static io.cachesync.consistency.check.Ops.delete;
import static io.cachesync.consistency.check.Ops.op;
import static io.cachesync.consistency.check.Ops.read;
import static io.cachesync.consistency.check.Ops.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import io.cachesync.consistency.history.Window;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckerTest {
  private final Checker checker = new Checker(Duration.ofMillis(100));

  private Verdict check(Op... ops) {
    return checker.check(List.of(ops), List.of());
  }

  @Test
  @DisplayName("a read of a value replaced more than the bound before it began is stale")
  void staleRead() {
    Op w2 = write("w2", 20, 30);
    Verdict v = check(write("w1", 0, 10), w2, read(1, "w1", 200, 205));
    assertThat(v.violations()).hasSize(1);
    Violation stale = v.violations().get(0);
    assertThat(stale.kind()).isEqualTo(Violation.Kind.STALE_READ);
    assertThat(stale.cause()).isEqualTo(w2);
    assertThat(stale.stalenessNanos()).isEqualTo(170_000_000L);
    assertThat(v.maxStalenessNanos()).isEqualTo(170_000_000L);
  }

  @Test
  @DisplayName("a read of a value replaced less than the bound before it began is allowed")
  void withinBound() {
    Verdict v = check(write("w1", 0, 10), write("w2", 20, 30), read(1, "w1", 120, 125));
    assertThat(v.violations()).isEmpty();
    assertThat(v.maxStalenessNanos()).isEqualTo(90_000_000L);
  }

  @Test
  @DisplayName("a read concurrent with a write may return the value before or after it")
  void concurrent() {
    Verdict v =
        check(
            write("w1", 0, 10),
            write("w2", 300, 400),
            read(1, "w1", 350, 360),
            read(2, "w2", 350, 360));
    assertThat(v.violations()).isEmpty();
    assertThat(v.readsChecked()).isEqualTo(2);
  }

  @Test
  @DisplayName("writes that overlap each other may end in either order")
  void overlappingWrites() {
    Verdict v = check(write("w1", 0, 50), write("w2", 10, 40), read(1, "w1", 500, 510));
    assertThat(v.violations()).isEmpty();
  }

  @Test
  @DisplayName("a value a delete removed must not come back after the bound; a miss always may")
  void deleted() {
    Verdict v =
        check(write("w1", 0, 10), delete(20, 30), read(1, null, 500, 505), read(1, "w1", 500, 505));
    assertThat(v.violations())
        .extracting(Violation::kind)
        .containsExactly(Violation.Kind.STALE_READ);
  }

  @Test
  @DisplayName("a write of unknown outcome replaces nothing, and its value stays allowed")
  void unknownWrite() {
    Op lost = op(0, OpKind.WRITE, "w2", 20, 30, Outcome.UNKNOWN);
    Verdict v = check(write("w1", 0, 10), lost, read(1, "w1", 500, 505), read(1, "w2", 600, 605));
    assertThat(v.violations()).isEmpty();
  }

  @Test
  @DisplayName("a value nobody wrote, or written after the read returned, is flagged")
  void phantoms() {
    Verdict v = check(write("w1", 100, 110), read(1, "w9", 0, 5), read(1, "w1", 0, 5));
    assertThat(v.violations())
        .extracting(Violation::kind)
        .containsExactlyInAnyOrder(Violation.Kind.UNKNOWN_VALUE, Violation.Kind.FUTURE_VALUE);
  }

  @Test
  @DisplayName("a stale read that a declared DEGRADED window explains is exempt, and counted")
  void declaredWindow() {
    Op w2 = write("w2", 20, 30);
    Op stale = read(1, "w1", 200, 205);
    List<Op> ops = List.of(write("w1", 0, 10), w2, stale);
    Window writerDegraded = new Window(0, 15_000_000, 150_000_000, "DEGRADED");
    Verdict v = checker.check(ops, List.of(writerDegraded));
    assertThat(v.violations()).isEmpty();
    assertThat(v.exempt()).isEqualTo(1);

    Window longBefore = new Window(0, 0, 5_000_000, "DEGRADED");
    assertThat(checker.check(ops, List.of(longBefore)).violations()).hasSize(1);
    Window readerLater = new Window(1, 300_000_000, 400_000_000, "DEGRADED");
    assertThat(checker.check(ops, List.of(readerLater)).violations()).hasSize(1);
  }

  @Test
  @DisplayName("once the declared window is over by more than the bound, stale reads count again")
  void afterWindow() {
    List<Op> ops = List.of(write("w1", 0, 10), write("w2", 20, 30), read(1, "w1", 400, 405));
    Window w = new Window(0, 15_000_000, 150_000_000, "DEGRADED");
    assertThat(checker.check(ops, List.of(w)).violations()).hasSize(1);
  }
}
