package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, summed over its live threads from {@code
 * /proc/PID/task/TID/schedstat} (nanoseconds, where {@code /proc/PID/stat} counts 10 ms ticks).
 * Threads that ended are not counted, so it is meant for differences over a steady state, where a
 * server's threads live on: the CPU one call costs the server, the client, or Redis. The JIT's
 * compiler threads are left out: they compile on their own schedule for long after a warm-up, and
 * would be charged to whichever series happens to run meanwhile.
 */
public final class CpuClock {
  private CpuClock() {}

  /** This JVM's pid. */
  public static long self() {
    return ProcessHandle.current().pid();
  }

  /**
   * User and system (kernel) time from {@code /proc/PID/stat}, in nanoseconds but counted in 10 ms
   * ticks: only for splitting a total measured over seconds. On loopback, the kernel's TCP stack
   * runs in the system time of whichever process writes, so this split shows what the network
   * costs.
   *
   * @return {user, system}, or null when /proc cannot tell
   */
  public static long[] userSystemNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid + "", "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command: state is field 3, utime field 14 and stime field 15 (1-based)
      long tick = 10_000_000L;
      return new long[] {Long.parseLong(f[11]) * tick, Long.parseLong(f[12]) * tick};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Context switches of the process's live threads (voluntary and not, the JIT's compiler threads
   * left out, as in {@link #nanos}), from {@code /proc/PID/task/TID/status}: each voluntary one is
   * a thread going to sleep and so, later, a wake-up; the others are preemptions. On a machine with
   * more runnable threads than cores every wake-up can wait for a core, so this counts the chances
   * a path has to be delayed, whatever the load.
   *
   * @return the count, or -1 when /proc cannot tell
   */
  public static long switches(long pid) {
    return sumOverThreads(pid, false, CpuClock::switchesOf);
  }

  /**
   * CPU time of the process's JIT compiler threads alone (the threads {@link #nanos} leaves out):
   * while they are busy the process is still warming up, and on a machine with few cores they take
   * the cores its other threads wait for.
   *
   * @return nanoseconds on CPU, or -1 when /proc cannot tell
   */
  public static long compilerNanos(long pid) {
    return sumOverThreads(pid, true, CpuClock::onCpuNanos);
  }

  /**
   * @return nanoseconds on CPU, or -1 when /proc cannot tell (not Linux, or the process is gone)
   */
  public static long nanos(long pid) {
    return sumOverThreads(pid, false, CpuClock::onCpuNanos);
  }

  /** One reading of one thread's folder, /proc/PID/task/TID. */
  private interface ThreadReading {
    long of(Path task) throws IOException;
  }

  /**
   * {@code reading} summed over the live threads that are JIT compiler threads ({@code compilers})
   * or over all the others; -1 when the process's threads cannot be listed.
   */
  private static long sumOverThreads(long pid, boolean compilers, ThreadReading reading) {
    long sum = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", pid + "", "task"))) {
      for (Path task : tasks) {
        try {
          boolean compiler = Files.readString(task.resolve("comm")).contains("CompilerThre");
          if (compiler == compilers) sum += reading.of(task);
        } catch (IOException | RuntimeException gone) {
          // the thread ended while we listed them
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return sum;
  }

  private static long onCpuNanos(Path task) throws IOException {
    String s = Files.readString(task.resolve("schedstat"));
    return Long.parseLong(s.substring(0, s.indexOf(' ')));
  }

  private static long switchesOf(Path task) throws IOException {
    long sum = 0;
    for (String line : Files.readAllLines(task.resolve("status"))) {
      if (line.startsWith("voluntary_ctxt_switches:")
          || line.startsWith("nonvoluntary_ctxt_switches:")) {
        sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return sum;
  }
}
