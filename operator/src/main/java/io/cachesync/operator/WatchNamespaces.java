package io.cachesync.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The namespaces whose CacheSyncs the operator serves, from CACHESYNC_WATCH_NAMESPACES (the chart's
 * watchNamespaces, comma-separated); empty: all. The chart grants Secret access only in these, so a
 * CacheSync elsewhere must not be reconciled into a Forbidden error on every pass.
 */
public record WatchNamespaces(Set<String> names) {
  public static final String ENV = "CACHESYNC_WATCH_NAMESPACES";

  public WatchNamespaces {
    names = Set.copyOf(names);
  }

  public static WatchNamespaces fromEnv(Map<String, String> env) {
    String value = env.getOrDefault(ENV, "");
    return new WatchNamespaces(
        Arrays.stream(value.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new)));
  }

  public boolean all() {
    return names.isEmpty();
  }
}
