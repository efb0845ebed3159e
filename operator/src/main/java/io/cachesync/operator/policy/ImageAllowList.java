package io.cachesync.operator.policy;

import io.cachesync.operator.template.SidecarDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The images a CacheSync may run as its sidecar, as glob patterns over references: {@code
 * registry/repo:*} (any tag), {@code registry/repo@sha256:*} (any digest), {@code
 * registry/team/*:*} ({@code *} in the repository stays inside one path component). A pattern's
 * repository, tag and digest are matched separately after both sides are normalised, so {@code
 * repo:*} never admits {@code repo.evil.com/x} or {@code repo:1@sha256:...} (a digest overrides the
 * tag when pulling).
 *
 * @param patterns as written in the chart value {@code policy.allowedImages}
 */
public record ImageAllowList(List<String> patterns) {
  public ImageAllowList {
    patterns = patterns.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /** The chart's own sidecar repository with any tag or any digest. */
  public static ImageAllowList forRepositoryOf(String image) {
    if (image == null || image.isBlank()) image = SidecarDefaults.DEFAULT_IMAGE;
    ImageReference ref = ImageReference.parse(image.strip());
    String repository = ref == null ? stripTagAndDigest(image) : ref.repository();
    return new ImageAllowList(List.of(repository + ":*", repository + "@sha256:*"));
  }

  /** Null when {@code image} is allowed; else why not. */
  public String refusal(String image) {
    ImageReference ref = ImageReference.parse(image);
    if (ref == null) {
      return "not a valid image reference (lower-case repository, no spaces, [registry/]repository[:tag] or"
          + " [registry/]repository@sha256:digest)";
    }
    if (ref.tag() != null && ref.digest() != null) {
      return "give a tag or a digest, not both (the digest alone decides what is pulled); allowed: "
          + String.join(", ", patterns);
    }
    for (String p : patterns) if (matches(p, ref)) return null;
    return "the platform allows only images matching "
        + String.join(", ", patterns)
        + " (chart value policy.allowedImages)";
  }

  private static boolean matches(String pattern, ImageReference ref) {
    int at = pattern.indexOf('@');
    String repoAndTag = at < 0 ? pattern : pattern.substring(0, at);
    String digest = at < 0 ? null : pattern.substring(at + 1);
    int colon = repoAndTag.lastIndexOf(':');
    String tag = null;
    String repo = repoAndTag;
    if (colon > repoAndTag.lastIndexOf('/')) {
      tag = repoAndTag.substring(colon + 1);
      repo = repoAndTag.substring(0, colon);
    }
    if (digest == null && tag == null) tag = "latest";
    if (!glob(ImageReference.normalise(repo), "[^/]*").matcher(ref.repository()).matches()) {
      return false;
    }
    if ((tag == null) != (ref.tag() == null)) return false;
    if (tag != null && !glob(tag, ".*").matcher(ref.tag()).matches()) return false;
    if ((digest == null) != (ref.digest() == null)) return false;
    return digest == null || glob(digest, ".*").matcher(ref.digest()).matches();
  }

  private static Pattern glob(String glob, String star) {
    List<String> parts = new ArrayList<>();
    for (String part : glob.split("\\*", -1)) parts.add(Pattern.quote(part));
    return Pattern.compile(String.join(star, parts));
  }

  private static String stripTagAndDigest(String image) {
    String s = image == null ? "" : image.strip();
    int at = s.indexOf('@');
    if (at >= 0) s = s.substring(0, at);
    int colon = s.lastIndexOf(':');
    return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
  }
}
