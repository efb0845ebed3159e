package io.cachesync.operator.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * What the webhook decided for one pod.
 *
 * @param result a short word for the metric and the log ({@code injected}, {@code not-selected},
 *     {@code opted-out}, ...)
 * @param patch the JSON Patch, or null when the pod is admitted unchanged
 * @param warnings shown to whoever created the pod ({@code kubectl} prints them)
 */
public record InjectionOutcome(String result, ArrayNode patch, List<String> warnings) {
  public InjectionOutcome {
    warnings = List.copyOf(warnings);
  }

  static InjectionOutcome unchanged(String result, String... warnings) {
    return new InjectionOutcome(result, null, List.of(warnings));
  }
}
