package io.cachesync.consistency;

import io.cachesync.consistency.redis.Topology;
import io.cachesync.consistency.run.Run;
import io.cachesync.consistency.run.RunResult;
import io.cachesync.testsupport.Teardown;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;

/**
 * {@code bin/consistency}: a seeded workload over sidecar processes under injected faults, its
 * history checked against docs/consistency.md. Exit status: 0 no violation, 1 violations, 2 bad
 * arguments, 3 the run itself failed, 130 interrupted.
 */
public final class Consistency {
  private Consistency() {}

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    ConsistencyOptions options;
    try {
      options = ConsistencyOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("consistency: " + e.getMessage());
      err.println(ConsistencyOptions.SYNOPSIS);
      System.exit(2);
      return;
    }
    if (options.help()) {
      out.print(ConsistencyOptions.USAGE);
      return;
    }
    if (!Files.isRegularFile(options.sidecarJar())) {
      err.println("consistency: " + options.sidecarJar() + " is missing (--sidecar-jar)");
      System.exit(2);
      return;
    }
    Teardown teardown = new Teardown("consistency", err);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (teardown.done()) return;
                  err.println("consistency: interrupted, stopping everything it started...");
                  teardown.run();
                },
                "consistency-shutdown"));
    System.exit(run(options, teardown, out, err));
  }

  /** Runs and reports; the exit status. */
  static int run(ConsistencyOptions o, Teardown teardown, PrintStream out, PrintStream err) {
    out.printf(
        Locale.ROOT,
        "consistency: seed %d, %d s, %d sidecars, delivery %s, strategies %s, l2 %s,"
            + " faults %s every ~%d ms, bound %d ms, %d keys per cache, %d clients%n",
        o.seed(),
        o.duration().toSeconds(),
        o.sidecars(),
        o.delivery(),
        o.strategies(),
        o.l2(),
        o.scheduledFaults().stream().map(f -> f.label()).toList(),
        o.faultEvery().toMillis(),
        o.bound().toMillis(),
        o.keys(),
        o.workers());
    if (o.topology() != Topology.STANDALONE) {
      out.println("consistency: topology " + o.topology().mode());
    }
    if (!o.leftOutFaults().isEmpty()) {
      out.println(
          "consistency: left out on "
              + o.topology().mode()
              + ": "
              + String.join("; ", o.leftOutFaults()));
    }
    try {
      RunResult r = new Run(o, teardown, out).execute();
      if (o.history() != null) Report.writeHistory(o.history(), r.history());
      // a run that found something keeps its files: the whole history goes with the logs
      if (!r.passed()) Report.writeHistory(r.dir().resolve("history.txt"), r.history());
      new Report(out).print(r);
      out.println(Report.summary(r));
      return r.passed() ? 0 : 1;
    } catch (Exception e) {
      if (teardown.done()) return 130;
      err.println("consistency: the run failed: " + e);
      e.printStackTrace(err);
      return 3;
    } finally {
      teardown.run();
    }
  }
}
