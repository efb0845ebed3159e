package io.cachesync.bench.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the harness runs JVMs under test: which {@code java}, with which options ({@code
 * --sidecar-jvm-opts}), and the sidecar's jar. The no-op server runs on the same java with the same
 * options, so the floor it gives is the floor of the same runtime. {@code {name}} in an option
 * becomes the process's name ({@code pod-1}, {@code idle}, {@code noop-grpc}...), so that each JVM
 * writes its own JFR recording or GC log.
 */
public record SidecarRuntime(Path java, List<String> jvmOpts, Path sidecarJar) {

  public SidecarRuntime {
    jvmOpts = List.copyOf(jvmOpts);
  }

  /** {@code java <jvmOpts> <extraOpts> -jar <sidecar jar> <args>}. */
  public List<String> sidecarCommand(String name, List<String> extraOpts, String... args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(opts(name));
    command.addAll(extraOpts);
    command.add("-jar");
    command.add(sidecarJar.toString());
    command.addAll(List.of(args));
    return command;
  }

  /** {@code java <jvmOpts> -cp <classpath> <mainClass> <args>}. */
  public List<String> mainCommand(String name, String classpath, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(opts(name));
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  private List<String> opts(String name) {
    return jvmOpts.stream().map(o -> o.replace("{name}", name)).toList();
  }

  /** The jcmd beside that java: attaching needs the same JDK as the target. */
  public Path jcmd() {
    return java.resolveSibling("jcmd");
  }
}
