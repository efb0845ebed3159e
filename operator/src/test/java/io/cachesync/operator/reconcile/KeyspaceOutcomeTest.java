package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.redis.FlagsWithdrawal;
import io.cachesync.operator.redis.KeyspaceRegistration;
import io.cachesync.operator.redis.KeyspaceRegistration.State;
import io.cachesync.operator.redis.RedisEndpoint;
import io.cachesync.operator.redis.RedisFacts;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which server a CacheSync's status names as holding its keyspace registration after a pass. */
class KeyspaceOutcomeTest {
  static final String OLD = "old.shop:6379";
  static final RedisEndpoint NEW = new RedisEndpoint("new.shop", 6379);

  static Optional<KeyspaceFlagsOnServer> seen(State state) {
    return Optional.of(
        new KeyspaceFlagsOnServer(NEW, new KeyspaceRegistration(state, "", "Ex", "", "m")));
  }

  static Optional<KeyspaceRelease> released(boolean reached) {
    return Optional.of(
        new KeyspaceRelease(
            RedisEndpoint.parse(OLD), "Ex", new FlagsWithdrawal(reached, "", "m"), false, true));
  }

  @Test
  @DisplayName("registered: the server it is registered on, whatever was recorded before")
  void registered() {
    assertThat(KeyspaceOutcome.serverAfter(OLD, seen(State.REGISTERED), Optional.empty()))
        .isEqualTo("new.shop:6379");
    assertThat(KeyspaceOutcome.serverAfter(null, seen(State.REGISTERED), released(true)))
        .isEqualTo("new.shop:6379");
  }

  @Test
  @DisplayName(
      "CONFIG forbidden on the one server: nothing registered; on some nodes of a topology: registered on the others")
  void forbidden() {
    Optional<KeyspaceFlagsOnServer> nowhere =
        Optional.of(
            new KeyspaceFlagsOnServer(
                NEW, new KeyspaceRegistration(State.CONFIG_FORBIDDEN, "", "", "", "m")));
    assertThat(KeyspaceOutcome.serverAfter(null, nowhere, Optional.empty())).isNull();
    // the ledger holds the needs: the nodes that allow CONFIG got flags to give back later
    assertThat(KeyspaceOutcome.serverAfter(null, seen(State.CONFIG_FORBIDDEN), Optional.empty()))
        .isEqualTo("new.shop:6379");
  }

  @Test
  @DisplayName(
      "registration failed: the old record stays (given back there later), unless a move already tried it")
  void failed() {
    assertThat(KeyspaceOutcome.serverAfter(OLD, seen(State.FAILED), Optional.empty()))
        .isEqualTo(OLD);
    assertThat(KeyspaceOutcome.serverAfter(OLD, seen(State.FAILED), released(false))).isNull();
  }

  @Test
  @DisplayName(
      "the spec stopped asking: given back, the record goes; Redis away, it stays for the next pass")
  void givenBack() {
    assertThat(KeyspaceOutcome.serverAfter(OLD, Optional.empty(), released(true))).isNull();
    assertThat(KeyspaceOutcome.serverAfter(OLD, Optional.empty(), released(false))).isEqualTo(OLD);
    assertThat(KeyspaceOutcome.serverAfter(null, Optional.empty(), Optional.empty())).isNull();
  }

  static final RedisFacts ENABLED =
      new RedisFacts(true, "answers", RedisFacts.KeyspaceState.ENABLED, "covers expired");

  @Test
  @DisplayName(
      "the condition says what the dependent added, or why the ledger refused; without it, the visit's word stands")
  void refine() {
    Optional<KeyspaceFlagsOnServer> added =
        Optional.of(
            new KeyspaceFlagsOnServer(
                NEW, new KeyspaceRegistration(State.REGISTERED, "KEx", "Ex", "Ex", "added 'Ex'")));
    assertThat(KeyspaceOutcome.refine(ENABLED, added).keyspaceMessage()).isEqualTo("added 'Ex'");
    RedisFacts refused =
        KeyspaceOutcome.refine(
            ENABLED,
            Optional.of(
                new KeyspaceFlagsOnServer(NEW, KeyspaceRegistration.failed("NOPERM on the key"))));
    assertThat(refused.keyspace()).isEqualTo(RedisFacts.KeyspaceState.UNKNOWN);
    assertThat(refused.keyspaceMessage()).contains("not registered", "NOPERM on the key");
    assertThat(KeyspaceOutcome.refine(ENABLED, Optional.empty())).isSameAs(ENABLED);
    RedisFacts missing =
        new RedisFacts(true, "answers", RedisFacts.KeyspaceState.MISSING, "lacks 'Ex'");
    RedisFacts setRefused =
        KeyspaceOutcome.refine(
            missing,
            Optional.of(
                new KeyspaceFlagsOnServer(
                    NEW, new KeyspaceRegistration(State.CONFIG_FORBIDDEN, "", "", "", "no SET"))));
    assertThat(setRefused.keyspace()).isEqualTo(RedisFacts.KeyspaceState.CONFIG_FORBIDDEN);
    assertThat(setRefused.keyspaceMessage()).isEqualTo("no SET");
    RedisFacts down = RedisFacts.unreachable("refused");
    assertThat(KeyspaceOutcome.refine(down, added)).isSameAs(down);
  }
}
