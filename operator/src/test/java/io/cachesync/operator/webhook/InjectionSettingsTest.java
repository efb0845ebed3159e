package io.cachesync.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.webhook.tls.CertificateMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InjectionSettingsTest {
  static Map<String, String> chart() {
    Map<String, String> env = new HashMap<>();
    env.put("CACHESYNC_WEBHOOK_SERVICE", "cachesync-webhook");
    env.put("POD_NAMESPACE", "cachesync-system");
    env.put("CACHESYNC_WEBHOOK_CONFIGURATION", "cachesync-injector");
    env.put("CACHESYNC_WEBHOOK_TLS_SECRET", "cachesync-webhook-tls");
    return env;
  }

  @Test
  @DisplayName("the chart's variables, with defaults for the rest")
  void defaults() {
    InjectionSettings s = InjectionSettings.fromEnv(chart());
    assertThat(s.port()).isEqualTo(9443);
    assertThat(s.certificates()).isEqualTo(CertificateMode.OPERATOR);
    assertThat(s.certDir()).isEqualTo(Path.of("/etc/cachesync/webhook-tls"));
    assertThat(s.sidecar()).isEqualTo(SidecarDefaults.builtIn());
    assertThat(s.sidecar().image()).isEqualTo("cachesync/sidecar:0.1.0");
    assertThat(s.dnsNames())
        .containsExactly(
            "cachesync-webhook",
            "cachesync-webhook.cachesync-system",
            "cachesync-webhook.cachesync-system.svc",
            "cachesync-webhook.cachesync-system.svc.cluster.local");
    assertThat(InjectionSettings.isConfigured(chart())).isTrue();
    assertThat(InjectionSettings.isConfigured(Map.of())).isFalse();
  }

  @Test
  @DisplayName("cert-manager mode needs neither the Secret nor the webhook configuration")
  void certManager() {
    Map<String, String> env =
        Map.of(
            "CACHESYNC_WEBHOOK_SERVICE", "cachesync-webhook",
            "CACHESYNC_WEBHOOK_CERTIFICATES", "cert-manager",
            "CACHESYNC_WEBHOOK_CERT_DIR", "/certs",
            "CACHESYNC_WEBHOOK_PORT", "8443",
            "CACHESYNC_SIDECAR_IMAGE", "acme/cachesync-sidecar:1",
            "CACHESYNC_WEBHOOK_EXTRA_SANS", "localhost, 127.0.0.1,");
    InjectionSettings s = InjectionSettings.fromEnv(env);
    assertThat(s.certificates()).isEqualTo(CertificateMode.CERT_MANAGER);
    assertThat(s.certDir()).isEqualTo(Path.of("/certs"));
    assertThat(s.port()).isEqualTo(8443);
    assertThat(s.sidecar().image()).isEqualTo("acme/cachesync-sidecar:1");
    assertThat(s.extraSans()).containsExactly("localhost", "127.0.0.1");
    assertThat(SidecarDefaults.fromEnv(env).image()).isEqualTo("acme/cachesync-sidecar:1");
  }

  @Test
  @DisplayName(
      "CACHESYNC_SIDECAR_JVM_OPTIONS: unset gives the built-in options, blank gives none at all")
  void sidecarJvmOptions() {
    Map<String, String> env = chart();
    assertThat(InjectionSettings.fromEnv(env).sidecar().jvmOptions())
        .isEqualTo(SidecarDefaults.DEFAULT_JVM_OPTIONS)
        .startsWith("-XX:+UseSerialGC");

    env.put("CACHESYNC_SIDECAR_JVM_OPTIONS", " -XX:+UseParallelGC -Xss512k\n");
    assertThat(InjectionSettings.fromEnv(env).sidecar())
        .isEqualTo(new SidecarDefaults("cachesync/sidecar:0.1.0", "-XX:+UseParallelGC -Xss512k"));
    assertThat(SidecarDefaults.fromEnv(env)).isEqualTo(InjectionSettings.fromEnv(env).sidecar());

    env.put("CACHESYNC_SIDECAR_JVM_OPTIONS", " ");
    assertThat(SidecarDefaults.fromEnv(env).jvmOptions()).isEmpty();
    assertThat(SidecarDefaults.fromEnv(Map.of())).isEqualTo(SidecarDefaults.builtIn());
  }

  @Test
  @DisplayName("values that cannot be used stop the start, naming the variable")
  void errors() {
    Map<String, String> env = chart();
    env.put("CACHESYNC_WEBHOOK_PORT", "https");
    assertThatThrownBy(() -> InjectionSettings.fromEnv(env))
        .hasMessage("CACHESYNC_WEBHOOK_PORT: 'https' is not a port number (1-65535)");
    env.put("CACHESYNC_WEBHOOK_PORT", "70000");
    assertThatThrownBy(() -> InjectionSettings.fromEnv(env))
        .hasMessage("CACHESYNC_WEBHOOK_PORT: 70000 is not a port (1-65535)");
    env.remove("CACHESYNC_WEBHOOK_PORT");
    env.put("CACHESYNC_WEBHOOK_CERTIFICATES", "vault");
    assertThatThrownBy(() -> InjectionSettings.fromEnv(env))
        .hasMessage("CACHESYNC_WEBHOOK_CERTIFICATES: 'vault' is not one of operator, cert-manager");
    env.remove("CACHESYNC_WEBHOOK_CERTIFICATES");
    env.remove("CACHESYNC_WEBHOOK_TLS_SECRET");
    assertThatThrownBy(() -> InjectionSettings.fromEnv(env))
        .hasMessage("CACHESYNC_WEBHOOK_TLS_SECRET is required to serve the injection webhook");
    env.remove("POD_NAMESPACE");
    assertThatThrownBy(() -> InjectionSettings.fromEnv(env))
        .hasMessage("POD_NAMESPACE is required to serve the injection webhook");
    assertThatThrownBy(() -> InjectionSettings.fromEnv(Map.of()))
        .hasMessage("CACHESYNC_WEBHOOK_SERVICE is required to serve the injection webhook");
    assertThatThrownBy(
            () ->
                InjectionSettings.fromEnv(chart())
                    .withCertificateTiming(java.time.Duration.ofMinutes(5), null))
        .hasMessageContaining("too short");
  }
}
