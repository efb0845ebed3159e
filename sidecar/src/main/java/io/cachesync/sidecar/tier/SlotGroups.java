package io.cachesync.sidecar.tier;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The positions of a request's keys, grouped so that each group can go to Redis in one script. On a
 * single server that is one group of all; on a Redis Cluster one group per slot, since a script
 * whose keys hash to several slots is refused (CROSSSLOT). Groups keep the keys' order within, and
 * come in the order of their first key, so replies merge back by position.
 */
final class SlotGroups {
  private SlotGroups() {}

  static List<int[]> of(String[] keys, boolean cluster) {
    if (!cluster) return List.of(IntStream.range(0, keys.length).toArray());
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      int slot = SlotHash.getSlot(keys[i].getBytes(StandardCharsets.UTF_8));
      bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
    }
    List<int[]> groups = new ArrayList<>(bySlot.size());
    for (List<Integer> g : bySlot.values()) {
      groups.add(g.stream().mapToInt(Integer::intValue).toArray());
    }
    return groups;
  }

  /** The keys at {@code positions}, in that order. */
  static String[] pick(String[] keys, int[] positions) {
    String[] out = new String[positions.length];
    for (int i = 0; i < positions.length; i++) out[i] = keys[positions[i]];
    return out;
  }
}
