package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * What the user asks for. Field names are the sidecar config's (DESIGN.md, "Sidecar
 * configuration").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.caches) || self.caches.all(c, !has(c.strategy) || c.strategy == 'LookAside') || (has(self.loader) && has(self.loader.target))",
    message =
        "caches with strategy ReadThrough, WriteThrough, WriteBehind or WriteAround need loader.target (the application's CacheLoader)",
    reason = "FieldValueRequired",
    fieldPath = ".loader")
public class CacheSyncSpec {
  @JsonPropertyDescription("Where Redis is")
  @Required
  private RedisSpec redis;

  @JsonPropertyDescription(
      "The pods that get the sidecar; none: no pod. It must name at least one label: an empty"
          + " selector would select every pod of the namespace")
  @ValidationRule(
      value =
          "(has(self.matchLabels) && size(self.matchLabels) > 0)"
              + " || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
      message =
          "an empty selector selects every pod of the namespace; name the pods' labels in"
              + " matchLabels or matchExpressions",
      reason = "FieldValueForbidden")
  private LabelSelector selector;

  @JsonPropertyDescription("The invalidation bus between the sidecars")
  private SyncSpec sync;

  @JsonPropertyDescription("Redis keyspace events the sidecars listen to")
  private KeyspaceNotificationsSpec keyspaceNotifications;

  @JsonPropertyDescription("The caches every selected pod gets")
  @Required
  @Size(min = 1, max = 64)
  @ValidationRule(
      value = "self.all(c, self.exists_one(d, d.name == c.name))",
      message = "cache names must be unique")
  private List<CacheSpec> caches;

  @JsonPropertyDescription("The application's CacheLoader")
  private LoaderSpec loader;

  @JsonPropertyDescription("The injected sidecar container")
  private SidecarSpec sidecar;

  public RedisSpec getRedis() {
    return redis;
  }

  public void setRedis(RedisSpec redis) {
    this.redis = redis;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public SyncSpec getSync() {
    return sync;
  }

  public void setSync(SyncSpec sync) {
    this.sync = sync;
  }

  public KeyspaceNotificationsSpec getKeyspaceNotifications() {
    return keyspaceNotifications;
  }

  public void setKeyspaceNotifications(KeyspaceNotificationsSpec keyspaceNotifications) {
    this.keyspaceNotifications = keyspaceNotifications;
  }

  public List<CacheSpec> getCaches() {
    return caches;
  }

  public void setCaches(List<CacheSpec> caches) {
    this.caches = caches;
  }

  public LoaderSpec getLoader() {
    return loader;
  }

  public void setLoader(LoaderSpec loader) {
    this.loader = loader;
  }

  public SidecarSpec getSidecar() {
    return sidecar;
  }

  public void setSidecar(SidecarSpec sidecar) {
    this.sidecar = sidecar;
  }
}
