package io.cachesync.sidecar.sync;

import static io.cachesync.sidecar.sync.SequenceTracker.MAX_SEQUENCE_JUMP;
import static io.cachesync.sidecar.sync.SequenceTracker.Verdict.DUPLICATE;
import static io.cachesync.sidecar.sync.SequenceTracker.Verdict.GAP;
import static io.cachesync.sidecar.sync.SequenceTracker.Verdict.IMPLAUSIBLE;
import static io.cachesync.sidecar.sync.SequenceTracker.Verdict.IN_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
  final SequenceTracker t = new SequenceTracker();

  @Test
  @DisplayName("an origin first seen mid-stream is taken as it is; after that a jump is a gap")
  void gaps() {
    assertThat(t.batch("a", 17, 0)).isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 18, 0)).isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 20, 0)).isEqualTo(GAP);
    assertThat(t.batch("a", 21, 0)).isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 21, 0)).isEqualTo(DUPLICATE);
    assertThat(t.batch("b", 1, 0)).isEqualTo(IN_ORDER);
  }

  @Test
  @DisplayName("a heartbeat ahead of the last batch is a gap once; one that matches is not")
  void heartbeats() {
    t.batch("a", 5, 0);
    assertThat(t.heartbeat("a", 5, 0)).isEqualTo(IN_ORDER);
    assertThat(t.heartbeat("a", 6, 0)).isEqualTo(GAP);
    assertThat(t.heartbeat("a", 6, 0)).isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 7, 0)).isEqualTo(IN_ORDER);
  }

  @Test
  @DisplayName(
      "silent origins are forgotten and named (they may have died holding changes), so stopped pods do not accumulate")
  void forget() {
    t.batch("old", 1, 100);
    t.batch("new", 1, 1_000);
    assertThat(t.forgetSilentSince(500)).containsExactly("old");
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.batch("old", 9, 2_000)).isEqualTo(IN_ORDER);
  }

  @Test
  @DisplayName("a goodbye forgets its origin, and one ahead of the last batch is a gap first")
  void goodbye() {
    t.batch("a", 5, 0);
    assertThat(t.goodbye("a", 5, 0)).isEqualTo(IN_ORDER);
    assertThat(t.size()).isZero();
    t.batch("b", 5, 0);
    assertThat(t.goodbye("b", 7, 0)).as("batch 6 never came").isEqualTo(GAP);
    assertThat(t.size()).isZero();
    assertThat(t.forgetSilentSince(Long.MAX_VALUE)).as("nobody left to fall silent").isEmpty();
  }

  @Test
  @DisplayName(
      "a forged heartbeat with a huge sequence number is a loss but never the new baseline: the real next batch is applied")
  void hugeHeartbeatIsNotAdopted() {
    t.batch("a", 5, 0);
    assertThat(t.heartbeat("a", Long.MAX_VALUE, 0)).isEqualTo(IMPLAUSIBLE);
    assertThat(t.batch("a", 6, 0)).as("not a duplicate").isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 7, 0)).isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 7 + MAX_SEQUENCE_JUMP + 1, 0)).isEqualTo(IMPLAUSIBLE);
    assertThat(t.batch("a", 8, 0)).isEqualTo(IN_ORDER);
  }

  @Test
  @DisplayName("a jump within the bound is an ordinary gap, taken as the new number")
  void boundedJumpIsAGap() {
    t.batch("a", 5, 0);
    assertThat(t.batch("a", 5 + MAX_SEQUENCE_JUMP, 0)).isEqualTo(GAP);
    assertThat(t.batch("a", 6 + MAX_SEQUENCE_JUMP, 0)).isEqualTo(IN_ORDER);
  }

  @Test
  @DisplayName(
      "a forged huge number for an origin not yet known is undone by the origin's real frames: they are far behind, so a loss, not duplicates")
  void forgedFirstBaseline() {
    assertThat(t.heartbeat("a", Long.MAX_VALUE - 1, 0)).isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 6, 0)).isEqualTo(IMPLAUSIBLE);
    assertThat(t.batch("a", 7, 0)).isEqualTo(IN_ORDER);
    assertThat(t.batch("a", 7, 0)).as("a real resend stays a duplicate").isEqualTo(DUPLICATE);
    assertThat(t.goodbye("a", Long.MAX_VALUE, 0)).isEqualTo(IMPLAUSIBLE);
    assertThat(t.size()).isZero();
  }
}
