package io.cachesync.examples.books;

import io.cachesync.client.ValueCodec;
import io.cachesync.spring.cache.CacheCodecs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Books are cached as JSON, so any language's client of the sidecar can read them. */
@Configuration(proxyBeanMethods = false)
public class BookCodecs {
  @Bean
  CacheCodecs cacheCodecs() {
    return CacheCodecs.serialization().with("books", ValueCodec.json(Book.class));
  }
}
