package io.cachesync.operator.policy;

import java.util.regex.Pattern;

/**
 * A container image reference parsed as the container runtime reads it, normalised the way the
 * kubelet does ({@code cachesync/sidecar} is {@code docker.io/cachesync/sidecar}, no tag is {@code
 * latest}), so that an allow-list compares what will be pulled, not how it was spelt.
 *
 * @param repository with its registry, e.g. {@code docker.io/cachesync/sidecar}
 * @param tag null when the reference has only a digest
 * @param digest e.g. {@code sha256:0123...}, or null
 */
public record ImageReference(String repository, String tag, String digest) {
  /** The distribution reference grammar: lower-case path components, optional host with port. */
  private static final Pattern REFERENCE =
      Pattern.compile(
          "((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
              + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
              + "(?::([\\w][\\w.-]{0,127}))?"
              + "(?:@(sha256:[a-f0-9]{64}))?");

  /** Null when {@code text} is not a valid reference (uppercase path, spaces, empty parts...). */
  public static ImageReference parse(String text) {
    if (text == null || text.length() > 512) return null;
    var m = REFERENCE.matcher(text);
    if (!m.matches()) return null;
    String tag = m.group(2);
    String digest = m.group(3);
    if (tag == null && digest == null) tag = "latest";
    return new ImageReference(normalise(m.group(1)), tag, digest);
  }

  /** Docker Hub's implied registry and {@code library/} namespace made explicit. */
  static String normalise(String repository) {
    int slash = repository.indexOf('/');
    String first = slash < 0 ? "" : repository.substring(0, slash);
    boolean hasRegistry =
        slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (!hasRegistry) {
      repository = "docker.io/" + (slash < 0 ? "library/" : "") + repository;
    } else if (first.equals("index.docker.io")) {
      repository = "docker.io" + repository.substring(slash);
    }
    return repository;
  }
}
