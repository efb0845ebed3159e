package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeBinariesTest {
  @TempDir Path dir;

  void install(String version, String... binaries) throws IOException {
    Path v = Files.createDirectories(dir.resolve("k8s/" + version + "-" + KubeBinaries.platform()));
    for (String b : binaries)
      Files.createFile(
          v.resolve(b),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  KubeBinaries find(Map<String, String> env, String... props) {
    Properties p = new Properties();
    for (int i = 0; i < props.length; i += 2) p.setProperty(props[i], props[i + 1]);
    return KubeBinaries.find(p, env);
  }

  @Test
  @DisplayName(
      "installed binaries run offline, the newest complete version, compared by number not text")
  void newestComplete() throws IOException {
    install("1.9.0", "etcd", "kube-apiserver", "kubectl");
    install("1.20.2", "etcd", "kube-apiserver", "kubectl");
    install("1.30.0", "etcd", "kube-apiserver"); // no kubectl: kube-api-test refuses it
    KubeBinaries found = find(Map.of(KubeBinaries.DIR_ENV, dir.toString()));
    assertThat(found.offline()).isTrue();
    assertThat(found.version()).isEqualTo("1.20.2");
  }

  @Test
  @DisplayName(
      "the system property names the directory before the environment; a wanted version not installed is downloaded")
  void propertyFirstAndWantedVersion() throws IOException {
    install("1.20.2", "etcd", "kube-apiserver", "kubectl");
    assertThat(
            find(
                    Map.of(KubeBinaries.DIR_ENV, "/nowhere"),
                    KubeBinaries.DIR_PROPERTY,
                    dir.toString())
                .version())
        .isEqualTo("1.20.2");
    KubeBinaries wanted =
        find(Map.of(KubeBinaries.DIR_ENV, dir.toString(), KubeBinaries.VERSION_ENV, "1.31.0"));
    assertThat(wanted.offline()).isFalse();
    assertThat(wanted.wanted()).isEqualTo("1.31.0");
  }

  @Test
  @DisplayName(
      "kube-controller-manager is found beside the installed binaries, and never for a download")
  void controllerManagerBeside() throws IOException {
    install("1.20.2", "etcd", "kube-apiserver", "kubectl");
    KubeBinaries without = find(Map.of(KubeBinaries.DIR_ENV, dir.toString()));
    assertThat(without.controllerManager()).isEmpty();
    install("1.20.3", "etcd", "kube-apiserver", "kubectl", KubeBinaries.CONTROLLER_MANAGER);
    KubeBinaries with = find(Map.of(KubeBinaries.DIR_ENV, dir.toString()));
    assertThat(with.controllerManager())
        .contains(
            dir.resolve(
                "k8s/1.20.3-" + KubeBinaries.platform() + "/" + KubeBinaries.CONTROLLER_MANAGER));
    KubeBinaries download =
        find(Map.of(KubeBinaries.DIR_ENV, dir.toString(), KubeBinaries.VERSION_ENV, "1.31.0"));
    assertThat(download.controllerManager()).isEmpty();
  }
}
