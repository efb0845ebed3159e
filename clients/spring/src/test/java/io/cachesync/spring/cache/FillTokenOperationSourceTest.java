package io.cachesync.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Collection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.cache.annotation.AnnotationCacheOperationSource;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheableOperation;

class FillTokenOperationSourceTest {
  private final FillTokenOperationSource source =
      new FillTokenOperationSource(new AnnotationCacheOperationSource(false));

  @SuppressWarnings("unused")
  static class Annotated {
    @Cacheable(cacheNames = "books", key = "#isbn", condition = "#isbn != null")
    String plain(String isbn) {
      return isbn;
    }

    @Cacheable(cacheNames = "books", unless = "#result == null")
    String withUnless(String isbn) {
      return isbn;
    }

    @Cacheable({"books", "covers"})
    String twoCaches(String isbn) {
      return isbn;
    }

    @Cacheable("books")
    @CacheEvict(cacheNames = "covers", key = "#isbn")
    String withEvict(String isbn) {
      return isbn;
    }

    @Cacheable(cacheNames = "books", cacheManager = "other")
    String otherManager(String isbn) {
      return isbn;
    }

    @CachePut(cacheNames = "books", key = "#isbn")
    String update(String isbn) {
      return isbn;
    }
  }

  private Collection<CacheOperation> ops(String method) throws NoSuchMethodException {
    Method m = Annotated.class.getDeclaredMethod(method, String.class);
    return source.getCacheOperations(m, Annotated.class);
  }

  private static CacheableOperation only(Collection<CacheOperation> ops) {
    assertThat(ops).hasSize(1);
    return (CacheableOperation) ops.iterator().next();
  }

  @Test
  @DisplayName("a plain @Cacheable runs as sync, with its key, condition and cache kept")
  void plainBecomesSync() throws Exception {
    CacheableOperation op = only(ops("plain"));
    assertThat(op.isSync()).isTrue();
    assertThat(op.getKey()).isEqualTo("#isbn");
    assertThat(op.getCondition()).isEqualTo("#isbn != null");
    assertThat(op.getCacheNames()).containsExactly("books");
  }

  @Test
  @DisplayName("where Spring forbids sync (unless, two caches, other operations) nothing changes")
  void notSyncable() throws Exception {
    assertThat(only(ops("withUnless")).isSync()).isFalse();
    assertThat(only(ops("twoCaches")).isSync()).isFalse();
    assertThat(ops("withEvict"))
        .filteredOn(CacheableOperation.class::isInstance)
        .allMatch(o -> !((CacheableOperation) o).isSync());
  }

  @Test
  @DisplayName("a @Cacheable on a cache manager of its own and a @CachePut are left as they are")
  void leftAlone() throws Exception {
    assertThat(only(ops("otherManager")).isSync()).isFalse();
    assertThat(ops("update")).singleElement().isNotInstanceOf(CacheableOperation.class);
  }

  @Test
  @DisplayName("the answer is computed once per method: the same collection every call")
  void cached() throws Exception {
    assertThat(ops("plain")).isSameAs(ops("plain"));
  }
}
