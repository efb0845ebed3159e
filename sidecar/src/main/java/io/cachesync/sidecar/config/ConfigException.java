package io.cachesync.sidecar.config;

/** A configuration the sidecar cannot run with; the message names the field and what to do. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
