package io.cachesync.consistency.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheLoaderGrpc;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.api.v1.StoreRequest;
import io.cachesync.consistency.history.FaultEvent;
import io.cachesync.consistency.history.Op;
import io.cachesync.consistency.history.OpKind;
import io.cachesync.consistency.history.Outcome;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeclaredLossesTest {
  private static Op write(long id, String value, long from) {
    return new Op(id, 0, 0, "wb-l2", "k", OpKind.WRITE, value, from, from + 1, Outcome.OK, "put");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"redis-restart", "failover"})
  @DisplayName(
      "only write-behind changes not flushed before a Redis restart or a failover count as unknown")
  void unflushed(String fault) throws Exception {
    try (StoreOfRecord store = new StoreOfRecord()) {
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget(store.target()).usePlaintext().build();
      try {
        long t0 = System.nanoTime();
        Op flushed = write(1, "w1", t0);
        Op coalesced = write(2, "w2", t0 + 2);
        Op newest = write(3, "w3", t0 + 4);
        CacheLoaderGrpc.newBlockingStub(channel)
            .store(
                StoreRequest.newBuilder()
                    .setCache("wb-l2")
                    .addEntries(
                        StoreEntry.newBuilder()
                            .setKey("k")
                            .setValue(ByteString.copyFromUtf8("w3"))
                            .build())
                    .build());
        Op lost = write(4, "w4", System.nanoTime());
        long restart = System.nanoTime() + 10;
        Op after = write(5, "w5", restart + 100);
        List<Op> ops = List.of(flushed, coalesced, newest, lost, after);
        FaultEvent kill = new FaultEvent(fault, "redis", restart, restart + 50, "");

        List<Op> out = DeclaredLosses.apply(ops, List.of(kill), Set.of("wb-l2"), store);

        assertThat(out)
            .extracting(Op::outcome)
            .containsExactly(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.UNKNOWN, Outcome.OK);
        assertThat(DeclaredLosses.count(ops, out)).isEqualTo(1);
        assertThat(DeclaredLosses.apply(ops, List.of(kill), Set.of("other"), store)).isEqualTo(ops);
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
