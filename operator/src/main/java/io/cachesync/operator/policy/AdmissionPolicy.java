package io.cachesync.operator.policy;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncSpec;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.template.SidecarDefaults;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a CacheSync may put into the pods it selects, set by the platform team through the chart
 * ({@code policy.*}, passed as environment variables) and built once at start. {@link #violations}
 * is the one check; the validating webhook, the reconciler and the injecting webhook all call it.
 *
 * @param images the sidecar images a CacheSync may name (one naming none gets the operator's own)
 * @param resources the bounds on the sidecar's requests and limits
 */
public record AdmissionPolicy(ImageAllowList images, ResourceBounds resources) {
  public static final String ALLOWED_IMAGES = "CACHESYNC_POLICY_ALLOWED_IMAGES";
  public static final String MAX_CPU = "CACHESYNC_POLICY_MAX_CPU";
  public static final String MAX_MEMORY = "CACHESYNC_POLICY_MAX_MEMORY";

  public AdmissionPolicy {
    images =
        images == null ? ImageAllowList.forRepositoryOf(SidecarDefaults.DEFAULT_IMAGE) : images;
    resources = resources == null ? new ResourceBounds(null, null) : resources;
  }

  /** The defaults for an operator whose own sidecar image is {@code sidecarImage}. */
  public static AdmissionPolicy defaultsFor(String sidecarImage) {
    return new AdmissionPolicy(ImageAllowList.forRepositoryOf(sidecarImage), null);
  }

  /**
   * From {@value #ALLOWED_IMAGES} (comma-separated globs; unset or blank: the repository of {@link
   * SidecarDefaults#IMAGE} with any tag or digest), {@value #MAX_CPU} and {@value #MAX_MEMORY}.
   */
  public static AdmissionPolicy fromEnv(Map<String, String> env) {
    String images = env.get(ALLOWED_IMAGES);
    return new AdmissionPolicy(
        images == null || images.isBlank()
            ? ImageAllowList.forRepositoryOf(SidecarDefaults.fromEnv(env).image())
            : new ImageAllowList(Arrays.asList(images.split(","))),
        new ResourceBounds(quantity(env, MAX_CPU), quantity(env, MAX_MEMORY)));
  }

  /** Everything {@code cs} asks for that this policy refuses; empty when it may be used. */
  public List<PolicyViolation> violations(
      CacheSync cs, SecretLabels secrets, MissingSecret missing) {
    List<PolicyViolation> out = new ArrayList<>();
    CacheSyncSpec spec = cs == null ? null : cs.getSpec();
    if (spec == null) return out;
    selector(spec.getSelector(), out);
    SidecarSpec sidecar = spec.getSidecar();
    if (sidecar != null) {
      String image = sidecar.getImage();
      if (image != null) {
        String refusal = images.refusal(image);
        if (refusal != null) out.add(new PolicyViolation("spec.sidecar.image", image, refusal));
      }
      jvmOptions(sidecar.getJvmOptions(), out);
      resources.check(sidecar.getResources(), out);
    }
    String namespace = cs.getMetadata() == null ? null : cs.getMetadata().getNamespace();
    for (NamedSecret s : NamedSecret.in(spec)) {
      Map<String, String> labels = namespace == null ? null : secrets.of(namespace, s.name());
      if (labels == null && missing == MissingSecret.ALLOWED) continue;
      if (!NamedSecret.marked(labels)) {
        out.add(
            new PolicyViolation(
                s.field(),
                s.name(),
                (labels == null ? "the Secret does not exist; " : "")
                    + "a CacheSync may use only Secrets the platform labelled "
                    + NamedSecret.LABEL
                    + "="
                    + NamedSecret.LABEL_VALUE
                    + " (kubectl label secret "
                    + s.name()
                    + " "
                    + NamedSecret.LABEL
                    + "="
                    + NamedSecret.LABEL_VALUE
                    + ")"));
      }
    }
    return out;
  }

  /** A selector without a single requirement selects every pod of the namespace. */
  private static void selector(LabelSelector s, List<PolicyViolation> out) {
    if (s == null) return; // selects nothing: no pod gets a sidecar
    boolean labels = s.getMatchLabels() != null && !s.getMatchLabels().isEmpty();
    boolean expressions = s.getMatchExpressions() != null && !s.getMatchExpressions().isEmpty();
    if (!labels && !expressions) {
      out.add(
          new PolicyViolation(
              "spec.selector",
              "{}",
              "an empty selector selects every pod of the namespace; name the pods' labels in"
                  + " matchLabels or matchExpressions"));
    }
  }

  private static void jvmOptions(String options, List<PolicyViolation> out) {
    if (options == null) return;
    String field = "spec.sidecar.jvmOptions";
    if (options.length() > JvmOptionRules.MAX_LENGTH) {
      out.add(
          new PolicyViolation(
              field,
              options.substring(0, 40) + "...",
              "at most " + JvmOptionRules.MAX_LENGTH + " characters"));
      return;
    }
    JvmOptionTokens tokens = JvmOptionTokens.of(options);
    if (tokens.unmatchedQuote()) {
      out.add(
          new PolicyViolation(field, options, "a quote is never closed; the JVM would not start"));
      return;
    }
    for (String token : tokens.tokens()) {
      String refusal = JvmOptionRules.refusal(token);
      if (refusal != null) out.add(new PolicyViolation(field, token, refusal));
    }
  }

  private static Quantity quantity(Map<String, String> env, String variable) {
    String text = env.get(variable);
    if (text == null || text.isBlank()) return null;
    Quantity q;
    try {
      q = new Quantity(text.strip());
    } catch (RuntimeException e) {
      q = null;
    }
    if (q == null || !ResourceBounds.isQuantity(q)) {
      throw new IllegalArgumentException(
          variable + ": '" + text + "' is not a quantity; write e.g. 2 or 2Gi");
    }
    return q;
  }
}
