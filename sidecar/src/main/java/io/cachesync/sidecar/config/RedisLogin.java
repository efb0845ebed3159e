package io.cachesync.sidecar.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The Redis ACL login the sidecar presents: the username inline or from {@code redis.usernameFile},
 * the password from {@code redis.passwordFile} or {@code CACHESYNC_REDIS_PASSWORD}. Mounted Secrets
 * end in a newline more often than not, so both files are trimmed. Read when a connection is made,
 * and once at start so that a missing or unreadable file stops the sidecar with the field's name
 * instead of leaving it retrying a login that cannot work.
 */
public record RedisLogin(String username, String password) {
  public static final String PASSWORD_ENV = "CACHESYNC_REDIS_PASSWORD";

  /** Reads the login of {@code config}; {@link ConfigException} naming the field if it cannot. */
  public static RedisLogin of(RedisConfig config) {
    return of(config, System::getenv);
  }

  static RedisLogin of(RedisConfig config, Function<String, String> env) {
    String username =
        config.usernameFile() != null
            ? read("redis.usernameFile", config.usernameFile(), "the Redis ACL username")
            : config.username();
    String password;
    if (config.passwordFile() != null) {
      password = read("redis.passwordFile", config.passwordFile(), "the Redis password");
    } else {
      String fromEnv = env.apply(PASSWORD_ENV);
      password = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }
    if (username != null && password == null) {
      // Redis' AUTH takes a username only with a password: without one the client would quietly
      // log in as the default user
      throw new ConfigException(
          (config.usernameFile() != null ? "redis.usernameFile" : "redis.username")
              + ": a username needs a password too; set redis.passwordFile or "
              + PASSWORD_ENV);
    }
    return new RedisLogin(username, password);
  }

  public boolean present() {
    return password != null;
  }

  /** The password is a secret: it never reaches a log line through this record. */
  @Override
  public String toString() {
    return "RedisLogin[username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }

  private static String read(String field, String file, String what) {
    String text;
    try {
      text = Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          field + ": " + file + " does not exist; mount the file holding " + what + " there");
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          field
              + ": "
              + file
              + " cannot be read (permission denied); the sidecar needs read access");
    } catch (CharacterCodingException e) {
      throw new ConfigException(field + ": " + file + " is not UTF-8 text; it must hold " + what);
    } catch (IOException | InvalidPathException e) {
      throw new ConfigException(field + ": " + file + " cannot be read: " + e.getMessage(), e);
    }
    String value = text.strip();
    if (value.isEmpty()) {
      throw new ConfigException(field + ": " + file + " is empty; it must hold " + what);
    }
    return value;
  }
}
