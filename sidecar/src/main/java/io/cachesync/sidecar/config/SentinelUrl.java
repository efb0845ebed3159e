package io.cachesync.sidecar.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a url for {@code redis.mode: Sentinel} in Lettuce's Sentinel form, {@code
 * redis-sentinel://host1:26379,host2:26379[/db]#mymaster} ({@code rediss-sentinel://} for TLS), so
 * a malformed one stops the start naming the field instead of failing every connection later.
 */
final class SentinelUrl {
  private static final Pattern FORM =
      Pattern.compile("^rediss?-sentinel://([^/#?]*)(/\\d+)?(?:#(.*))?$");
  private static final Pattern NODE = Pattern.compile("^[^:,\\s]+(:\\d{1,5})?$");
  static final String EXAMPLE = "redis-sentinel://sentinel-0:26379,sentinel-1:26379#mymaster";

  private SentinelUrl() {}

  static void check(String url) {
    if (!url.startsWith("redis-sentinel://") && !url.startsWith("rediss-sentinel://")) {
      throw new ConfigException(
          "redis.url: '"
              + url
              + "' is not a Sentinel url, but redis.mode is Sentinel; name the sentinels and the"
              + " master, e.g. "
              + EXAMPLE
              + " (rediss-sentinel:// for TLS)");
    }
    Matcher m = FORM.matcher(url);
    if (!m.matches()) {
      throw new ConfigException(
          "redis.url: '" + url + "' is not of the form " + EXAMPLE + "[/db] with no query");
    }
    if (m.group(1).contains("@")) {
      throw new ConfigException(
          "redis.url: do not put a password in the url; use redis.passwordFile or"
              + " CACHESYNC_REDIS_PASSWORD");
    }
    for (String node : m.group(1).split(",", -1)) {
      if (!NODE.matcher(node).matches()) {
        throw new ConfigException(
            "redis.url: sentinel '"
                + node
                + "' in '"
                + url
                + "' is not host or host:port; list the sentinels separated by commas, e.g. "
                + EXAMPLE);
      }
    }
    if (m.group(3) == null || m.group(3).isBlank()) {
      throw new ConfigException(
          "redis.url: '"
              + url
              + "' names no master; end it with #<the master name the sentinels monitor>, e.g. "
              + EXAMPLE);
    }
  }
}
