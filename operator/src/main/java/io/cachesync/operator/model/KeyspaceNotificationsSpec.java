package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/**
 * Redis keyspace events the sidecars listen to, and whether the operator may set them on the
 * server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyspaceNotificationsSpec {
  @JsonPropertyDescription("The events; empty turns the feature off")
  private List<KeyspaceEvent> events;

  @JsonPropertyDescription(
      "Let the operator CONFIG SET notify-keyspace-events (managed Redis forbids it: set the flags yourself)")
  @Default("true")
  private Boolean manage;

  public List<KeyspaceEvent> getEvents() {
    return events;
  }

  public void setEvents(List<KeyspaceEvent> events) {
    this.events = events;
  }

  public Boolean getManage() {
    return manage;
  }

  public void setManage(Boolean manage) {
    this.manage = manage;
  }
}
