package io.cachesync.client;

/**
 * A loader passed to {@link CacheView#get(Object, java.util.concurrent.Callable)} threw a checked
 * exception: it is the cause. Unchecked exceptions propagate as they are. Nothing is cached.
 */
public final class LoaderException extends RuntimeException {
  LoaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
