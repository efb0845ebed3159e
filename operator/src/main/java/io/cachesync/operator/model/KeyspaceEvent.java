package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Redis keyspace events ({@code __keyevent@<db>__:<event>}) a sidecar can listen to. */
public enum KeyspaceEvent {
  @JsonProperty("expired")
  expired('x'),
  @JsonProperty("evicted")
  evicted('e'),
  @JsonProperty("del")
  del('g'),
  @JsonProperty("unlink")
  unlink('g'),
  @JsonProperty("set")
  set('$'),
  @JsonProperty("expire")
  expire('g'),
  @JsonProperty("rename_from")
  rename_from('g'),
  @JsonProperty("rename_to")
  rename_to('g');

  private final char flag;

  KeyspaceEvent(char flag) {
    this.flag = flag;
  }

  /** The notify-keyspace-events flag that makes Redis send this event (besides E). */
  public char flag() {
    return flag;
  }
}
