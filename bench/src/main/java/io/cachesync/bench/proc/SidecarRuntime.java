package io.cachesync.bench.proc;

import io.cachesync.testsupport.sidecar.SidecarSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the harness runs JVMs under test: which {@code java}, with which options ({@code
 * --sidecar-jvm-opts}), and the sidecar's jar. The no-op server runs on the same java with the same
 * options, so the floor it gives is the floor of the same runtime. {@code {name}} in an option
 * becomes the process's name ({@code pod-1}, {@code idle}, {@code noop-grpc}...), so that each JVM
 * writes its own JFR recording or GC log. Every server is awaited by polling its health every 5 ms,
 * which bounds the error of the start-up figure.
 */
public record SidecarRuntime(Path java, List<String> jvmOpts, Path sidecarJar) {
  static final Duration POLL = Duration.ofMillis(5);

  public SidecarRuntime {
    jvmOpts = List.copyOf(jvmOpts);
  }

  /** {@code java <jvmOpts> <extraOpts> -jar <sidecar jar>}, config and log in {@code dir}. */
  public SidecarSpec.Builder sidecar(String name, List<String> extraOpts, Path dir) {
    List<String> opts = new ArrayList<>(opts(name));
    opts.addAll(extraOpts);
    return SidecarSpec.jar(sidecarJar, name, dir).java(java).jvmOptions(opts).pollInterval(POLL);
  }

  /** {@code java <jvmOpts> -cp <classpath> <mainClass>}, log in {@code dir}. */
  public SidecarSpec.Builder main(String name, String classpath, String mainClass, Path dir) {
    return SidecarSpec.mainClass(classpath, mainClass, name, dir)
        .java(java)
        .jvmOptions(opts(name))
        .pollInterval(POLL);
  }

  /** The harness's JVM options for the process {@code name}. */
  public List<String> opts(String name) {
    return jvmOpts.stream().map(o -> o.replace("{name}", name)).toList();
  }

  /** The jcmd beside that java: attaching needs the same JDK as the target. */
  public Path jcmd() {
    return java.resolveSibling("jcmd");
  }
}
