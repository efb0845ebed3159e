package io.cachesync.operator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where kube-api-test finds etcd, kube-apiserver and kubectl, and whether it must run offline.
 *
 * <p>Read here rather than by kube-api-test itself because 7.5.2 casts the String of {@code
 * KUBE_API_TEST_OFFLINE_MODE} to Boolean and fails; every setting is passed through its builder.
 * Binaries already in {@code dir} (as {@code ../shared/kube/install} leaves them) are used offline;
 * without them kube-api-test downloads the requested (or latest) version.
 *
 * @param dir kube-api-test's directory, holding {@code k8s/<version>-<os>-<arch>/}
 * @param version the installed version to run, or null for a download of {@code wanted}
 * @param wanted the version asked for (null: whatever is installed, else the latest)
 */
record KubeBinaries(Path dir, String version, String wanted) {
  /** System property, then environment variable, naming the directory. */
  static final String DIR_PROPERTY = "cachesync.e2e.kubeDir";

  static final String DIR_ENV = "KUBE_API_TEST_DIR";
  static final String VERSION_PROPERTY = "cachesync.e2e.kubeVersion";
  static final String VERSION_ENV = "KUBE_API_TEST_API_SERVER_VERSION";
  static final String CONTROLLER_MANAGER = "kube-controller-manager";

  static KubeBinaries find() {
    return find(System.getProperties(), System.getenv());
  }

  static KubeBinaries find(java.util.Properties props, Map<String, String> env) {
    Path dir =
        Path.of(
            firstSet(
                props.getProperty(DIR_PROPERTY),
                env.get(DIR_ENV),
                Path.of(System.getProperty("user.home"), ".kubeapitest").toString()));
    String wanted = firstSet(props.getProperty(VERSION_PROPERTY), env.get(VERSION_ENV), null);
    return new KubeBinaries(dir, installed(dir, wanted).orElse(null), wanted);
  }

  boolean offline() {
    return version != null;
  }

  /**
   * {@code kube-controller-manager} beside the installed binaries ({@code ../shared/kube/install}
   * puts it there); kube-api-test never downloads one, so a download has none.
   */
  Optional<Path> controllerManager() {
    if (!offline()) return Optional.empty();
    Path binary =
        dir.resolve("k8s").resolve(version + "-" + platform()).resolve(CONTROLLER_MANAGER);
    return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
  }

  /** The newest installed version (or {@code wanted}, when installed) with all three binaries. */
  static Optional<String> installed(Path dir, String wanted) {
    Path k8s = dir.resolve("k8s");
    if (!Files.isDirectory(k8s)) return Optional.empty();
    String suffix = "-" + platform();
    try (Stream<Path> versions = Files.list(k8s)) {
      return versions
          .filter(v -> v.getFileName().toString().endsWith(suffix))
          .filter(
              v ->
                  Stream.of("etcd", "kube-apiserver", "kubectl")
                      .allMatch(b -> Files.isExecutable(v.resolve(b))))
          .map(v -> v.getFileName().toString().replace(suffix, ""))
          .filter(v -> wanted == null || v.equals(wanted))
          .max(Comparator.comparing(KubeBinaries::versionKey, lexicographic()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kube-api-test's platform suffix, e.g. linux-amd64. */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return (os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux")
        + "-"
        + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64");
  }

  private static List<Integer> versionKey(String version) {
    return Stream.of(version.split("\\."))
        .map(p -> p.replaceAll("\\D", ""))
        .map(p -> p.isEmpty() ? 0 : Integer.parseInt(p))
        .toList();
  }

  private static Comparator<List<Integer>> lexicographic() {
    return (a, b) -> {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        int c = Integer.compare(a.get(i), b.get(i));
        if (c != 0) return c;
      }
      return Integer.compare(a.size(), b.size());
    };
  }

  private static String firstSet(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return null;
  }
}
