package io.cachesync.operator.webhook;

import io.cachesync.operator.model.CacheSync;
import java.util.List;

/**
 * The CacheSyncs of a namespace, from memory: the webhook answers inside the API server's timeout
 * and must not call the API server per request.
 */
@FunctionalInterface
public interface CacheSyncLookup {
  List<CacheSync> inNamespace(String namespace);
}
