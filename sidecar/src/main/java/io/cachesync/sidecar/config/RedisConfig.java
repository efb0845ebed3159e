package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * Where Redis is. Credentials never sit in the file itself: the ACL username comes from {@code
 * username} or, when it lives in a mounted Secret, {@code usernameFile}; the password from {@code
 * passwordFile} (a mounted Secret) or the environment variable {@code CACHESYNC_REDIS_PASSWORD}.
 * The files are read when the sidecar connects ({@link RedisLogin}), not here, so the record stays
 * a plain description of the file. TLS is on with a rediss:// url or {@code tls.enabled}; {@code
 * tls} says whom to trust and which client certificate to show. {@code mode} says what the url
 * names: one server, the sentinels of a master, or a seed node of a cluster ({@link RedisMode}).
 */
public record RedisConfig(
    String url,
    String username,
    String usernameFile,
    String passwordFile,
    Duration connectTimeout,
    Duration commandTimeout,
    TlsConfig tls,
    RedisMode mode) {

  public RedisConfig {
    mode = mode == null ? RedisMode.Standalone : mode;
    url = url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.trim();
    if (mode == RedisMode.Sentinel) {
      SentinelUrl.check(url);
    } else if (url.startsWith("redis-sentinel://") || url.startsWith("rediss-sentinel://")) {
      throw new ConfigException(
          "redis.url: '"
              + url
              + "' names sentinels, but redis.mode is "
              + mode
              + "; set redis.mode: Sentinel");
    } else if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new ConfigException(
          "redis.url: '"
              + url
              + "' must start with redis:// (or rediss:// for TLS), e.g. redis://127.0.0.1:6379");
    }
    if (mode == RedisMode.Cluster && url.matches("^rediss?://[^/?#]*/0*[1-9][0-9]*.*")) {
      throw new ConfigException(
          "redis.url: '"
              + url
              + "' selects database "
              + url.replaceAll("^rediss?://[^/?#]*/0*([1-9][0-9]*).*", "$1")
              + ", but a Redis Cluster has only database 0; drop the /db from the url");
    }
    if (url.matches("^rediss?://[^/@]*:[^/@]+@.*")) {
      throw new ConfigException(
          "redis.url: do not put a password in the url; use redis.passwordFile or CACHESYNC_REDIS_PASSWORD");
    }
    username = username == null || username.isBlank() ? null : username;
    usernameFile = usernameFile == null || usernameFile.isBlank() ? null : usernameFile;
    passwordFile = passwordFile == null || passwordFile.isBlank() ? null : passwordFile;
    if (username != null && usernameFile != null) {
      throw new ConfigException(
          "redis.usernameFile: redis.username is set too; give the username one way, either"
              + " inline (redis.username) or from a mounted file (redis.usernameFile)");
    }
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
    commandTimeout = commandTimeout == null ? Duration.ofSeconds(2) : commandTimeout;
    tls = tls == null ? TlsConfig.defaults() : tls;
    if (!tlsUrl(url) && !tls.enabled()) {
      String given = tls.caFile() != null ? "caFile" : tls.clientCertificate() ? "certFile" : null;
      if (given != null) {
        throw new ConfigException(
            "redis.tls."
                + given
                + ": set, but TLS is off (a redis:// url and redis.tls.enabled false); use a"
                + " rediss:// (or rediss-sentinel://) url or set redis.tls.enabled: true");
      }
    }
  }

  /** Without {@code mode}: a standalone server. */
  public RedisConfig(
      String url,
      String username,
      String usernameFile,
      String passwordFile,
      Duration connectTimeout,
      Duration commandTimeout,
      TlsConfig tls) {
    this(url, username, usernameFile, passwordFile, connectTimeout, commandTimeout, tls, null);
  }

  /** Without {@code tls}: TLS as the url says, trusting the JVM's roots. */
  public RedisConfig(
      String url,
      String username,
      String usernameFile,
      String passwordFile,
      Duration connectTimeout,
      Duration commandTimeout) {
    this(url, username, usernameFile, passwordFile, connectTimeout, commandTimeout, null);
  }

  /** Without {@code usernameFile}: the shape of the file before it had one. */
  public RedisConfig(
      String url,
      String username,
      String passwordFile,
      Duration connectTimeout,
      Duration commandTimeout) {
    this(url, username, null, passwordFile, connectTimeout, commandTimeout, null);
  }

  /**
   * Whether connections use TLS: a rediss:// (or rediss-sentinel://) url, or {@code
   * redis.tls.enabled: true}.
   */
  public boolean tlsEnabled() {
    return tlsUrl(url) || tls.enabled();
  }

  private static boolean tlsUrl(String url) {
    return url.startsWith("rediss://") || url.startsWith("rediss-sentinel://");
  }

  public RedisConfig withTls(TlsConfig tls) {
    return new RedisConfig(
        url, username, usernameFile, passwordFile, connectTimeout, commandTimeout, tls, mode);
  }

  /** The sentinels of a master, in Lettuce's form: {@code redis-sentinel://h1:26379,h2#name}. */
  public static RedisConfig sentinel(String url) {
    return new RedisConfig(url, null, null, null, null, null, null, RedisMode.Sentinel);
  }

  /** A Redis Cluster found from {@code seedUrl}, one of its nodes. */
  public static RedisConfig cluster(String seedUrl) {
    return new RedisConfig(seedUrl, null, null, null, null, null, null, RedisMode.Cluster);
  }

  public static RedisConfig defaults() {
    return new RedisConfig(null, null, null, null, null, null, null, null);
  }

  public static RedisConfig of(String url) {
    return new RedisConfig(url, null, null, null, null, null, null, null);
  }
}
