package io.cachesync.operator.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which JVM options a CacheSync may add to its sidecar: an allow-list of tuning families (heap,
 * stacks, GC, CDS, logging, system properties), with the options that load code, run commands or
 * read option files refused by name inside those families. Anything else is refused too: a JVM
 * option nobody here recognised is not one to let through.
 */
public final class JvmOptionRules {
  private JvmOptionRules() {}

  /** Longer than any tuning needs; bounds the work and the size of the pod spec. */
  public static final int MAX_LENGTH = 4096;

  /** What is accepted, for messages. */
  public static final String ALLOWED =
      "only tuning options are accepted: -Xmx -Xms -Xmn -Xss<size>, -XX:+Flag, -XX:-Flag,"
          + " -XX:Name=value, -Xlog:..., -Xshare:auto|on|off, -verbose:gc, -Dname=value";

  private static final Pattern SIZE = Pattern.compile("-X(mx|ms|mn|ss)[0-9]+[kKmMgGtT]?");
  private static final Pattern XX = Pattern.compile("-XX:([+-]?)([A-Za-z][A-Za-z0-9_]*)(=(.*))?");
  private static final Pattern PROPERTY =
      Pattern.compile("-D([A-Za-z0-9_][A-Za-z0-9_.\\-]*)(=.*)?");
  private static final Pattern LOG = Pattern.compile("-Xlog(:[^\\s'\"]*)?");
  private static final Set<String> PLAIN =
      Set.of(
          "-Xshare:auto",
          "-Xshare:on",
          "-Xshare:off",
          "-Xint",
          "-Xmixed",
          "-verbose",
          "-verbose:gc",
          "-verbose:class",
          "-verbose:module");

  /**
   * -XX names (lower-cased) that run commands, read option or compiler files, load native code,
   * open a management port or unlock the diagnostic/experimental flags that do.
   */
  private static final Set<String> REFUSED_XX =
      Set.of(
          "onoutofmemoryerror",
          "onerror",
          "flags",
          "vmoptionsfile",
          "compilecommandfile",
          "compilecommand",
          "compilerdirectivesfile",
          "unlockdiagnosticvmoptions",
          "unlockexperimentalvmoptions",
          "enablejvmci",
          "usejvmcicompiler",
          "jvmcilibpath",
          "aotlibrary",
          "useaot",
          "managementserver",
          "startflightrecording",
          "flightrecorderoptions",
          "enabledynamicagentloading",
          "startattachlistener");

  /** The sidecar's only folder the app's containers can write: the Unix socket's emptyDir. */
  static final String SHARED_FOLDER = "/var/run/cachesync";

  /** CDS archives: the files they name are read by design (and come from the allowed image). */
  private static final Set<String> PATH_XX = Set.of("sharedarchivefile", "archiveclassesatexit");

  /** -D prefixes (lower-cased) of the JDK's and the logging libraries' own properties. */
  private static final List<String> REFUSED_PROPERTIES =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "logback.",
          "log4j",
          "org.apache.logging.",
          "io.netty.native.");

  /** Null when {@code token} (one option, as the JVM sees it) is allowed; else why not. */
  public static String refusal(String token) {
    if (token.isEmpty()) return "an empty option (\"\") stops the JVM from starting";
    if (token.startsWith("-javaagent")
        || token.startsWith("-agentlib")
        || token.startsWith("-agentpath")
        || token.startsWith("-Xrun")) {
      return "it loads an agent, i.e. code; " + ALLOWED;
    }
    if (token.startsWith("-Xbootclasspath"))
      return "it puts code on the boot class path; " + ALLOWED;
    if (token.startsWith("@")) return "an @argfile reads options from a file; " + ALLOWED;
    if (token.startsWith("--")
        || token.equals("-cp")
        || token.equals("-classpath")
        || token.equals("-jar")) {
      return "class paths, modules and --add-* options change which code runs; " + ALLOWED;
    }
    if (SIZE.matcher(token).matches() || PLAIN.contains(token) || LOG.matcher(token).matches()) {
      return null;
    }
    var xx = XX.matcher(token);
    if (xx.matches())
      return xxRefusal(
          xx.group(2), xx.group(3) == null ? null : xx.group(4), !xx.group(1).isEmpty());
    var property = PROPERTY.matcher(token);
    if (property.matches()) {
      String name = property.group(1).toLowerCase(Locale.ROOT);
      for (String prefix : REFUSED_PROPERTIES) {
        if (name.startsWith(prefix)) {
          return "system properties under "
              + prefix
              + "* belong to the JDK or the logging setup and can load code or files;"
              + " use your own names";
        }
      }
      return null;
    }
    return "not a recognised tuning option; " + ALLOWED;
  }

  /**
   * A path into the folder the app shares (also as /run, which /var/run links to), or one whose
   * target is not known here: relative, or climbing with {@code ..}.
   */
  private static boolean sharedWithTheApp(String path) {
    if (!path.startsWith("/") || path.contains("..")) return true;
    String p = path.replaceAll("/+", "/");
    return p.startsWith(SHARED_FOLDER + "/") || p.startsWith("/run/cachesync/");
  }

  private static String xxRefusal(String name, String value, boolean flag) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (REFUSED_XX.contains(lower) || lower.startsWith("jvmci")) {
      return "-XX:" + name + " runs commands, reads files or loads code; " + ALLOWED;
    }
    if (flag && value != null) return "-XX:+/- takes no value; write -XX:" + name + "=value";
    if (!flag && value == null)
      return "write -XX:+" + name + ", -XX:-" + name + " or -XX:" + name + "=value";
    if (value != null && PATH_XX.contains(lower) && sharedWithTheApp(value)) {
      return "-XX:"
          + name
          + " names a file the app's containers can write (the socket's folder "
          + SHARED_FOLDER
          + " is theirs too): a CDS archive written there would be loaded as code; name one in"
          + " the image or in /tmp, which is the sidecar's own";
    }
    if (value != null
        && (value.contains("/") || value.contains("\\"))
        && !PATH_XX.contains(lower)) {
      return "-XX:"
          + name
          + " given a path: only the CDS options SharedArchiveFile and ArchiveClassesAtExit may name files";
    }
    return null;
  }
}
