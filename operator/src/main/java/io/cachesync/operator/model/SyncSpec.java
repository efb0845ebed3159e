package io.cachesync.operator.model;

import static io.cachesync.operator.model.Patterns.DURATION;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The invalidation bus between the sidecars. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncSpec {
  @JsonPropertyDescription("The Pub/Sub channel; default cachesync.<namespace>.<name>")
  @Pattern("^[A-Za-z0-9._:-]{1,200}$")
  private String channel;

  @JsonPropertyDescription(
      "How invalidations travel: PubSub (a sidecar that lost its subscription clears) or Stream"
          + " (kept in a capped Redis Stream <channel>:stream; a sidecar that could not read reads"
          + " on where it stopped)")
  @Default("PubSub")
  private Delivery delivery;

  @JsonPropertyDescription(
      "With delivery Stream: about how many frames the stream keeps (default 100000); a sidecar"
          + " away for longer clears on its return")
  @Min(100)
  private Long streamMaxLength;

  @JsonPropertyDescription("What a sidecar does after losing its subscription; only Clear so far")
  @Default("Clear")
  private OnReconnect onReconnect;

  @JsonPropertyDescription("How often each sidecar says its last sequence number (default 1s)")
  @Pattern(DURATION)
  private String heartbeatInterval;

  public String getChannel() {
    return channel;
  }

  public void setChannel(String channel) {
    this.channel = channel;
  }

  public Delivery getDelivery() {
    return delivery;
  }

  public void setDelivery(Delivery delivery) {
    this.delivery = delivery;
  }

  public Long getStreamMaxLength() {
    return streamMaxLength;
  }

  public void setStreamMaxLength(Long streamMaxLength) {
    this.streamMaxLength = streamMaxLength;
  }

  public OnReconnect getOnReconnect() {
    return onReconnect;
  }

  public void setOnReconnect(OnReconnect onReconnect) {
    this.onReconnect = onReconnect;
  }

  public String getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public void setHeartbeatInterval(String heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }
}
