package io.cachesync.operator.webhook.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who issues the webhook's serving certificate. */
public enum CertificateMode {
  /** The operator: its own CA, kept in a Secret, caBundle patched, renewed before expiry. */
  OPERATOR("operator"),
  /** cert-manager writes the files; its cainjector patches the caBundle. */
  CERT_MANAGER("cert-manager");

  private final String value;

  CertificateMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** The chart's spelling ({@code operator}, {@code cert-manager}); anything else is an error. */
  public static CertificateMode parse(String variable, String text) {
    for (CertificateMode m : values()) {
      if (m.value.equals(text.trim().toLowerCase(Locale.ROOT))) return m;
    }
    throw new IllegalArgumentException(
        variable
            + ": '"
            + text
            + "' is not one of "
            + Arrays.stream(values())
                .map(CertificateMode::value)
                .collect(Collectors.joining(", ")));
  }
}
