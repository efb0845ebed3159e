package io.cachesync.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line every test server gets, so all providers behave alike: loopback only, no
 * persistence (a test server must never pick up or leave behind data), foreground process.
 */
final class ServerArgs {

  private ServerArgs() {}

  /**
   * Base directives for {@code port} and {@code bind}, followed by the caller's extra directives.
   */
  static List<String> of(int port, String bind, List<String> extraArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port", Integer.toString(port),
                "--bind", bind,
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "no",
                "--daemonize", "no"));
    args.addAll(extraArgs);
    return args;
  }

  /** As {@link #of(int, String, List)}, listening with TLS on {@code port} when tls is set. */
  static List<String> of(int port, String bind, RedisTlsMode tls, List<String> extraArgs) {
    if (tls == null) return of(port, bind, extraArgs);
    List<String> args = new ArrayList<>(tls.args(port));
    args.addAll(extraArgs);
    return of(port, bind, args); // later directives win: --port 0 replaces the plain port
  }
}
