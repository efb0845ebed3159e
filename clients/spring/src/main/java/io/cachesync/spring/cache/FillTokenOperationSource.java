package io.cachesync.spring.cache;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.core.MethodClassKey;
import org.springframework.util.StringUtils;

/**
 * Runs a plain {@code @Cacheable} as {@code @Cacheable(sync = true)} where Spring allows it, so
 * that it reaches {@link CacheSyncCache#get(Object, java.util.concurrent.Callable)}: look-aside
 * with a fill token. Without this, Spring answers a miss with get, the method, then {@code put}: a
 * write, unconditional, that would install a value read before a concurrent update for up to the
 * TTL and make every pod drop its copy on every miss.
 *
 * <p>Spring allows sync for a method whose only cache operation is one {@code @Cacheable} of one
 * cache, without {@code unless}. Other methods (except those naming a cache manager or resolver of
 * their own, which may not be CacheSync's) keep get-then-put and are named once in a WARN line:
 * their fills are writes, and the race above stays open there.
 */
public final class FillTokenOperationSource implements CacheOperationSource {
  private static final Log LOG = LogFactory.getLog(FillTokenOperationSource.class);

  private final CacheOperationSource delegate;
  private final Map<MethodClassKey, Collection<CacheOperation>> resolved =
      new ConcurrentHashMap<>();

  public FillTokenOperationSource(CacheOperationSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean isCandidateClass(Class<?> targetClass) {
    return delegate.isCandidateClass(targetClass);
  }

  @Override
  public Collection<CacheOperation> getCacheOperations(Method method, Class<?> targetClass) {
    Collection<CacheOperation> ops = delegate.getCacheOperations(method, targetClass);
    if (ops == null || ops.isEmpty()) return ops;
    return resolved.computeIfAbsent(
        new MethodClassKey(method, targetClass), k -> withSync(method, ops));
  }

  private static Collection<CacheOperation> withSync(
      Method method, Collection<CacheOperation> ops) {
    boolean anyCacheable = ops.stream().anyMatch(CacheableOperation.class::isInstance);
    if (!anyCacheable || ops.stream().anyMatch(FillTokenOperationSource::otherManager)) return ops;
    if (ops.size() == 1 && ops.iterator().next() instanceof CacheableOperation c && syncable(c)) {
      return c.isSync() ? ops : List.of(synced(c));
    }
    LOG.warn(
        method.toGenericString()
            + ": @Cacheable runs as get-then-put here (Spring allows sync only for one @Cacheable of"
            + " one cache, without unless or other cache annotations): its fills are writes"
            + " without a fill token, so a value read before a concurrent update may stay cached"
            + " until its TTL");
    return ops;
  }

  private static boolean syncable(CacheableOperation c) {
    return c.getCacheNames().size() == 1 && !StringUtils.hasText(c.getUnless());
  }

  /** Names a cache manager or resolver of its own: maybe not CacheSync's, left as it is. */
  private static boolean otherManager(CacheOperation op) {
    return StringUtils.hasText(op.getCacheManager()) || StringUtils.hasText(op.getCacheResolver());
  }

  private static CacheableOperation synced(CacheableOperation c) {
    CacheableOperation.Builder b = new CacheableOperation.Builder();
    b.setName(c.getName());
    b.setCacheNames(c.getCacheNames().toArray(String[]::new));
    b.setKey(c.getKey());
    b.setKeyGenerator(c.getKeyGenerator());
    b.setCacheManager(c.getCacheManager());
    b.setCacheResolver(c.getCacheResolver());
    b.setCondition(c.getCondition());
    b.setUnless(c.getUnless());
    b.setSync(true);
    return b.build();
  }
}
