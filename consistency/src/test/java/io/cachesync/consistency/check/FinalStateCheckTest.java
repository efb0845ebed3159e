package io.cachesync.consistency.check;

import static io.cachesync.consistency.check.Ops.delete;
import static io.cachesync.consistency.check.Ops.op;
import static io.cachesync.consistency.check.Ops.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FinalStateCheckTest {
  private static Map<String, String> row(String value) {
    Map<String, String> store = new HashMap<>();
    if (value != null) store.put("c/k", value);
    return store;
  }

  @Test
  @DisplayName("the store holding the last acknowledged write passes")
  void lastWrite() {
    var ops = List.of(write("w1", 0, 10), write("w2", 20, 30));
    assertThat(FinalStateCheck.check(ops, row("w2"))).isEmpty();
  }

  @Test
  @DisplayName("a lost write-behind write (the store kept an older value) is flagged")
  void lostWrite() {
    var ops = List.of(write("w1", 0, 10), write("w2", 20, 30));
    var violations = FinalStateCheck.check(ops, row("w1"));
    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).kind()).isEqualTo(Violation.Kind.LOST_WRITE);
    assertThat(violations.get(0).op().value()).isEqualTo("w2");
    assertThat(violations.get(0).detail()).contains("holds w1", "allowed: [w2]");
  }

  @Test
  @DisplayName("an acknowledged delete must leave no row; overlapping changes may end either way")
  void deletesAndOverlaps() {
    assertThat(FinalStateCheck.check(List.of(write("w1", 0, 10), delete(20, 30)), row("w1")))
        .hasSize(1);
    assertThat(FinalStateCheck.check(List.of(write("w1", 0, 10), delete(20, 30)), row(null)))
        .isEmpty();
    var overlapping = List.of(write("w1", 0, 50), delete(10, 40));
    assertThat(FinalStateCheck.check(overlapping, row("w1"))).isEmpty();
    assertThat(FinalStateCheck.check(overlapping, row(null))).isEmpty();
  }

  @Test
  @DisplayName("a write of unknown outcome may or may not have landed")
  void unknown() {
    var ops = List.of(write("w1", 0, 10), op(0, OpKind.WRITE, "w2", 20, 30, Outcome.UNKNOWN));
    assertThat(FinalStateCheck.check(ops, row("w1"))).isEmpty();
    assertThat(FinalStateCheck.check(ops, row("w2"))).isEmpty();
    assertThat(FinalStateCheck.check(ops, row(null))).hasSize(1);
  }
}
