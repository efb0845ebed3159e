package io.cachesync.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.consistency.faults.FaultKind;
import io.cachesync.consistency.run.Run;
import io.cachesync.consistency.run.RunResult;
import io.cachesync.testsupport.Teardown;
import io.cachesync.testsupport.sidecar.SidecarJar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Short fixed-seed runs of {@code bin/consistency}: real Redis, three sidecar processes, every
 * strategy with and without L2, an outside writer, every fault kind on the seed's schedule, one
 * client thread reading through the Java client's L0; once per delivery mode.
 */
class ConsistencyIT {
  static final String[] ARGS = {
    "--seed", "20261206",
    "--duration", "45s",
    "--sidecars", "3",
    "--fault-every", "2s",
    "--l0-workers", "1" // one of the 4 client threads reads through the Java client's L0
  };

  @ParameterizedTest(name = "delivery {0}")
  @ValueSource(strings = {"PubSub", "Stream"})
  @DisplayName(
      "45 s of seeded traffic over every strategy and fault on 3 sidecars: no read breaks the model, nothing acknowledged is lost")
  void fixedSeed(String delivery) throws Exception {
    ConsistencyOptions options =
        ConsistencyOptions.parse(
            concat(ARGS, "--delivery", delivery, "--sidecar-jar", SidecarJar.locate().toString()));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Teardown teardown = new Teardown("consistency-it", System.err);
    RunResult r;
    try {
      r = new Run(options, teardown, out).execute();
      new Report(out).print(r);
      out.println(Report.summary(r));
    } finally {
      teardown.run();
      System.out.print(printed.toString(StandardCharsets.UTF_8));
    }
    String report = printed.toString(StandardCharsets.UTF_8);
    assertThat(r.history().ops()).as("operations").hasSizeGreaterThan(2_000);
    assertThat(r.history().faults())
        .as("every fault kind one server can take, in rounds")
        .extracting(f -> f.kind())
        .containsAll(options.scheduledFaults().stream().map(FaultKind::label).toList());
    assertThat(options.scheduledFaults())
        .as("a failover needs a replica")
        .doesNotContain(FaultKind.FAILOVER)
        .contains(FaultKind.REDIS_RESTART);
    assertThat(r.verdict().readsChecked()).as("reads checked").isGreaterThan(1_000);
    assertThat(r.verdict().violations()).as(report).isEmpty();
    assertThat(r.undrained()).as(report).isEmpty();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
