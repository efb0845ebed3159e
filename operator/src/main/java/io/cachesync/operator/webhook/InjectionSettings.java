package io.cachesync.operator.webhook;

import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.webhook.tls.CertificateMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The webhook's settings, read once from the environment the Helm chart sets. Defaults are settled
 * here; a value that cannot be used fails the start with a message naming the variable.
 *
 * @param port HTTPS port of {@code /inject} (0 picks a free one, for tests)
 * @param serviceName the Service in front of the webhook: the serving certificate's names
 * @param namespace the operator's namespace: the Service's and the TLS Secret's
 * @param webhookConfigurationName the MutatingWebhookConfiguration whose caBundle is kept current
 * @param tlsSecretName the Secret holding the serving certificate (operator mode)
 * @param certificates who issues the serving certificate
 * @param certDir where cert-manager's tls.crt and tls.key are mounted (cert-manager mode)
 * @param sidecar the image injected when a CacheSync names none, and the JVM options ahead of its
 *     own
 * @param extraSans more DNS names or IP addresses on the certificate (e.g. localhost in tests)
 * @param certificateValidity lifetime of a certificate the operator issues
 * @param certificateCheckInterval how often the Secret or the files are checked again
 */
public record InjectionSettings(
    int port,
    String serviceName,
    String namespace,
    String webhookConfigurationName,
    String tlsSecretName,
    CertificateMode certificates,
    Path certDir,
    SidecarDefaults sidecar,
    List<String> extraSans,
    Duration certificateValidity,
    Duration certificateCheckInterval) {

  public static final String PORT = "CACHESYNC_WEBHOOK_PORT";
  public static final String SERVICE = "CACHESYNC_WEBHOOK_SERVICE";
  public static final String NAMESPACE = "POD_NAMESPACE";
  public static final String CONFIGURATION = "CACHESYNC_WEBHOOK_CONFIGURATION";
  public static final String TLS_SECRET = "CACHESYNC_WEBHOOK_TLS_SECRET";
  public static final String CERTIFICATES = "CACHESYNC_WEBHOOK_CERTIFICATES";
  public static final String CERT_DIR = "CACHESYNC_WEBHOOK_CERT_DIR";
  public static final String EXTRA_SANS = "CACHESYNC_WEBHOOK_EXTRA_SANS";

  public static final int DEFAULT_PORT = 9443;
  public static final Path DEFAULT_CERT_DIR = Path.of("/etc/cachesync/webhook-tls");
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(1);

  public InjectionSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT + ": " + port + " is not a port (1-65535)");
    }
    serviceName = required(SERVICE, serviceName);
    certificates = certificates == null ? CertificateMode.OPERATOR : certificates;
    if (certificates == CertificateMode.OPERATOR) {
      namespace = required(NAMESPACE, namespace);
      webhookConfigurationName = required(CONFIGURATION, webhookConfigurationName);
      tlsSecretName = required(TLS_SECRET, tlsSecretName);
    }
    certDir = certDir == null ? DEFAULT_CERT_DIR : certDir;
    sidecar = sidecar == null ? SidecarDefaults.builtIn() : sidecar;
    extraSans = extraSans == null ? List.of() : List.copyOf(extraSans);
    certificateValidity = certificateValidity == null ? DEFAULT_VALIDITY : certificateValidity;
    if (certificateValidity.compareTo(Duration.ofHours(3)) < 0) {
      throw new IllegalArgumentException(
          "certificate validity " + certificateValidity + " is too short; give at least 3h");
    }
    certificateCheckInterval =
        certificateCheckInterval == null ? DEFAULT_CHECK_INTERVAL : certificateCheckInterval;
    if (certificateCheckInterval.isNegative() || certificateCheckInterval.isZero()) {
      throw new IllegalArgumentException(
          "certificate check interval " + certificateCheckInterval + " must be positive");
    }
  }

  /**
   * True when the chart configured a webhook ({@value #SERVICE} is set); an operator run by hand
   * against a kubeconfig serves none.
   */
  public static boolean isConfigured(Map<String, String> env) {
    return !blank(env.get(SERVICE));
  }

  public static InjectionSettings fromEnv(Map<String, String> env) {
    return new InjectionSettings(
        port(env.get(PORT)),
        env.get(SERVICE),
        env.get(NAMESPACE),
        env.get(CONFIGURATION),
        env.get(TLS_SECRET),
        blank(env.get(CERTIFICATES))
            ? CertificateMode.OPERATOR
            : CertificateMode.parse(CERTIFICATES, env.get(CERTIFICATES)),
        blank(env.get(CERT_DIR)) ? null : Path.of(env.get(CERT_DIR).trim()),
        SidecarDefaults.fromEnv(env),
        blank(env.get(EXTRA_SANS))
            ? List.of()
            : Arrays.stream(env.get(EXTRA_SANS).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList(),
        null,
        null);
  }

  /** The Service's DNS names, short to fully qualified, then the extra ones. */
  public List<String> dnsNames() {
    String svc = serviceName;
    String ns = namespace == null ? "default" : namespace;
    var names = new java.util.ArrayList<String>();
    names.add(svc);
    names.add(svc + "." + ns);
    names.add(svc + "." + ns + ".svc");
    names.add(svc + "." + ns + ".svc.cluster.local");
    for (String extra : extraSans) if (!names.contains(extra)) names.add(extra);
    return List.copyOf(names);
  }

  public InjectionSettings withPort(int p) {
    return new InjectionSettings(
        p,
        serviceName,
        namespace,
        webhookConfigurationName,
        tlsSecretName,
        certificates,
        certDir,
        sidecar,
        extraSans,
        certificateValidity,
        certificateCheckInterval);
  }

  public InjectionSettings withCertificateTiming(Duration validity, Duration checkInterval) {
    return new InjectionSettings(
        port,
        serviceName,
        namespace,
        webhookConfigurationName,
        tlsSecretName,
        certificates,
        certDir,
        sidecar,
        extraSans,
        validity,
        checkInterval);
  }

  private static int port(String text) {
    if (blank(text)) return DEFAULT_PORT;
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT + ": '" + text + "' is not a port number (1-65535)");
    }
  }

  private static String required(String variable, String value) {
    if (blank(value)) {
      throw new IllegalArgumentException(variable + " is required to serve the injection webhook");
    }
    return value.trim();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
