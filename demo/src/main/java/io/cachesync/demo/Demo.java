package io.cachesync.demo;

import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.Teardown;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bin/demo}: CacheSync's main job on one machine. Starts a redis-server and N sidecars (one
 * JVM per pretend pod), plays {@link Scenario} against them, prints each step with its timing and a
 * summary of every sidecar's Stats, and stops everything it started, whether the story succeeds,
 * fails or is interrupted. Exit status: 0 as expected, 1 a step did not behave, 2 bad arguments,
 * 130 interrupted.
 */
public final class Demo {
  private final DemoOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final Teardown teardown;
  private final StepTable table;
  private volatile boolean interrupted;

  private Demo(DemoOptions options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.teardown = new Teardown("demo", err);
    this.table = new StepTable(out);
  }

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("demo: " + e.getMessage());
      err.println(DemoOptions.SYNOPSIS + " (bin/demo --help says more)");
      System.exit(2);
      return;
    }
    if (options.help()) {
      out.print(DemoOptions.USAGE);
      return;
    }
    Demo demo = new Demo(options, out, err);
    Runtime.getRuntime().addShutdownHook(new Thread(demo::onShutdown, "cachesync-demo-shutdown"));
    int status = demo.run();
    System.exit(status);
  }

  /**
   * The shutdown hook: after a normal end there is nothing left to do; after Ctrl-C, stop
   * everything.
   */
  private void onShutdown() {
    if (teardown.done()) return;
    interrupted = true;
    table.mute();
    out.println();
    out.println("interrupted: stopping everything the demo started...");
    teardown.run();
  }

  private int run() {
    long begin = System.nanoTime();
    Scenario scenario = null;
    Sidecars sidecars = new Sidecars();
    try {
      out.println(
          "CacheSync demo: "
              + options.sidecars()
              + " sidecars (one per pretend pod), one Redis, one book catalogue");
      out.println();
      Path dir = Files.createTempDirectory("cachesync-demo-");
      teardown.add(
          "the temp dir " + dir,
          () -> {
            deleteTree(dir);
            out.println("removed " + dir);
          });

      RedisServer redis = RedisServer.start();
      teardown.add(
          "redis-server",
          () -> {
            redis.close();
            out.println("stopped redis-server (" + redis.uri() + ")");
          });
      teardown.add(
          "the sidecars",
          () -> {
            String how = sidecars.stop();
            if (how != null) out.println(how);
          });
      out.printf(
          "  %-7s %-22s %s%n",
          "redis", redis.uri(), "(" + redis.provider() + ", channel " + Sidecars.CHANNEL + ")");

      long t = System.nanoTime();
      sidecars.start(options.sidecars(), options.sidecarJar(), dir, redis.uri());
      List<LaunchedSidecar> procs = sidecars.list();
      for (LaunchedSidecar p : procs) {
        out.printf(
            "  %-7s %-22s %s%n",
            p.name(),
            "127.0.0.1:" + p.port(),
            "sidecar "
                + (p.origin() == null ? "?" : p.origin())
                + ", pid "
                + p.pid()
                + ", log "
                + p.log());
      }
      out.println(
          "  all "
              + procs.size()
              + " sidecars SERVING after "
              + StepTable.duration(System.nanoTime() - t)
              + "; configs and logs in "
              + dir
              + " (removed at exit)");

      BookCatalogue db = new BookCatalogue();
      Book book = db.peek(BookCatalogue.KNR);
      out.println(
          "  db      the pretend catalogue: "
              + db.size()
              + " books, each read or update takes a simulated 3-6 ms;");
      out.println(
          "          the story follows "
              + book.key()
              + " \""
              + book.title()
              + "\" ("
              + book.brief()
              + ")");
      out.println();
      out.println(
          "Times are wall-clock, as the client sees them, on JVMs that have just started (no warm-up).");

      scenario = new Scenario(procs.stream().map(Pod::new).toList(), db, table);
      scenario.run();
      out.println();
      out.println(
          "OK: the story ran as expected ("
              + scenario.checks()
              + " checks passed) in "
              + StepTable.duration(System.nanoTime() - begin)
              + ".");
      return 0;
    } catch (IOException | RuntimeException e) {
      if (interrupted) return 130;
      out.flush();
      err.println();
      String where = scenario == null ? "while starting" : "at step " + scenario.step();
      err.println("FAILED " + where + ": " + e.getMessage());
      if (!(e instanceof DemoFailure)) e.printStackTrace(err);
      if (scenario != null) printLogTails(sidecars);
      return 1;
    } finally {
      if (!interrupted) {
        out.println();
        teardown.run();
      }
    }
  }

  private void printLogTails(Sidecars sidecars) {
    for (LaunchedSidecar p : sidecars.list()) {
      err.println("last lines of " + p.name() + "'s log (" + p.log() + "):");
      err.print(p.logTail());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
