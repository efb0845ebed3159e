package io.cachesync.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** The command line: {@code --sidecar-jar PATH [--sidecars N] [--help]}. */
record DemoOptions(int sidecars, Path sidecarJar, boolean help) {
  static final int DEFAULT_SIDECARS = 4;
  static final int MIN_SIDECARS = 2;
  static final int MAX_SIDECARS = 8;

  static final String SYNOPSIS = "usage: bin/demo [--sidecars N] [--no-build] [--help]";

  static final String USAGE =
      """
      usage: bin/demo [--sidecars N] [--no-build] [--help]
             (java -jar demo/target/cachesync-demo.jar --sidecar-jar sidecar/target/cachesync-sidecar.jar ...)

      Starts a redis-server and N CacheSync sidecars (separate JVMs, one per pretend pod) on
      loopback ports, then plays a book-catalogue story against them: misses and fills, a write
      that drops every other pod's copy, and a late fill refused because an invalidation overtook it.
      Exits 0 when every step behaved as expected, 1 when one did not (the message says which).
      Everything it starts is stopped again on exit, on failure and on Ctrl-C.

        --sidecars N        how many sidecars (pods) to run, %d..%d (default %d)
        --no-build          (bin/demo) run the jars as they are, even when the sources are newer
        --sidecar-jar PATH  the sidecar's shaded jar (bin/demo passes it)
        --help              this text
      """
          .formatted(MIN_SIDECARS, MAX_SIDECARS, DEFAULT_SIDECARS);

  /**
   * @throws IllegalArgumentException with a message for the user when the arguments are wrong
   */
  static DemoOptions parse(String[] args) {
    int sidecars = DEFAULT_SIDECARS;
    Path jar = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> {
          return new DemoOptions(sidecars, jar, true);
        }
        case "--sidecars" -> {
          if (value == null) value = next(args, ++i, arg);
          sidecars = sidecars(value);
        }
        case "--sidecar-jar" -> {
          if (value == null) value = next(args, ++i, arg);
          jar = Path.of(value);
        }
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (jar == null)
      throw new IllegalArgumentException("--sidecar-jar is required (bin/demo passes it)");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "--sidecar-jar " + jar + ": no such file (build it with bin/demo)");
    }
    return new DemoOptions(sidecars, jar, false);
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[i];
  }

  private static int sidecars(String value) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--sidecars '" + value + "' is not a number");
    }
    if (n < MIN_SIDECARS || n > MAX_SIDECARS) {
      throw new IllegalArgumentException(
          "--sidecars "
              + n
              + ": the story needs between "
              + MIN_SIDECARS
              + " and "
              + MAX_SIDECARS
              + " pods");
    }
    return n;
  }
}
