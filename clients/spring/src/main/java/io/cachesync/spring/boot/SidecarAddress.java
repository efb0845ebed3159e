package io.cachesync.spring.boot;

import java.util.function.Function;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * What the client sees as its environment: {@code cachesync.socket}/{@code cachesync.target} when
 * either is set (the application's explicit choice), else {@code CACHESYNC_SOCKET}/{@code
 * CACHESYNC_TARGET} from Spring's environment (the process's variables, or properties of those
 * names in tests). The client then picks the socket or the target and says what is missing.
 */
final class SidecarAddress {
  private SidecarAddress() {}

  static Function<String, String> environment(CacheSyncProperties properties, Environment env) {
    boolean explicit =
        StringUtils.hasText(properties.socket()) || StringUtils.hasText(properties.target());
    if (!explicit) return env::getProperty;
    return name ->
        switch (name) {
          case "CACHESYNC_SOCKET" -> properties.socket();
          case "CACHESYNC_TARGET" -> properties.target();
          default -> null;
        };
  }
}
