package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code redis.mode}: what it accepts, and what each mode wants {@code redis.url} to be. */
class RedisModeTest {

  @Test
  @DisplayName("redis.mode is Standalone unless set; Sentinel takes Lettuce's sentinel url")
  void modes() {
    assertThat(ConfigLoader.parse("redis: {url: redis://h:1}").redis().mode())
        .isEqualTo(RedisMode.Standalone);
    assertThat(RedisConfig.defaults().mode()).isEqualTo(RedisMode.Standalone);
    RedisConfig s =
        ConfigLoader.parse(
                "redis: {mode: Sentinel, url: \"redis-sentinel://s0:26379,s1:26380,s2/1#mymaster\"}")
            .redis();
    assertThat(s.mode()).isEqualTo(RedisMode.Sentinel);
    assertThat(s.url()).isEqualTo("redis-sentinel://s0:26379,s1:26380,s2/1#mymaster");
    assertThat(s.tlsEnabled()).isFalse();
  }

  @Test
  @DisplayName("a rediss-sentinel:// url turns TLS on, and allows a CA file, as rediss:// does")
  void sentinelTls() {
    RedisConfig s =
        ConfigLoader.parse(
                "redis: {mode: Sentinel, url: \"rediss-sentinel://s0:26379#m\","
                    + " tls: {caFile: /ca.crt}}")
            .redis();
    assertThat(s.tlsEnabled()).isTrue();
    assertThat(RedisConfig.sentinel("redis-sentinel://s0#m").withTls(TlsConfig.defaults()).mode())
        .isEqualTo(RedisMode.Sentinel);
  }

  @Test
  @DisplayName("the Sentinel example of docs/configuration.md is a file the sidecar accepts")
  void documentedExample() throws Exception {
    String doc = Files.readString(Path.of("../docs/configuration.md"));
    int section = doc.indexOf("Sentinel, three sentinels");
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    RedisConfig r = ConfigLoader.parse(doc.substring(start, doc.indexOf("```", start))).redis();
    assertThat(r.mode()).isEqualTo(RedisMode.Sentinel);
    assertThat(r.url()).endsWith("#cache");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a sentinel url in Cluster mode | 'redis: {mode: Cluster, url: \"redis-sentinel://a:26379#m\"}' | names sentinels, but redis.mode is Cluster; set redis.mode: Sentinel
          a database in Cluster mode | 'redis: {mode: Cluster, url: redis://h:1/2}' | redis.url: 'redis://h:1/2' selects database 2, but a Redis Cluster has only database 0
          an unknown mode | 'redis: {mode: sentinel}' | redis.mode: 'sentinel' is not one of Standalone | Sentinel | Cluster
          a plain url in Sentinel mode | 'redis: {mode: Sentinel, url: redis://h:6379}' | redis.url: 'redis://h:6379' is not a Sentinel url, but redis.mode is Sentinel
          no master name | 'redis: {mode: Sentinel, url: \"redis-sentinel://s0:26379\"}' | names no master; end it with #<the master name
          an empty master name | 'redis: {mode: Sentinel, url: \"redis-sentinel://s0:26379#\"}' | names no master
          no sentinel | 'redis: {mode: Sentinel, url: \"redis-sentinel://#m\"}' | redis.url: sentinel '' in
          an empty sentinel between commas | 'redis: {mode: Sentinel, url: \"redis-sentinel://a,,b#m\"}' | redis.url: sentinel '' in
          a bad port | 'redis: {mode: Sentinel, url: \"redis-sentinel://a:x#m\"}' | redis.url: sentinel 'a:x'
          a password in the url | 'redis: {mode: Sentinel, url: \"redis-sentinel://:pw@a#m\"}' | redis.url: do not put a password in the url
          a query | 'redis: {mode: Sentinel, url: \"redis-sentinel://a?sentinelMasterId=m\"}' | redis.url: 'redis-sentinel://a?sentinelMasterId=m' is not of the form
          a sentinel url in Standalone mode | 'redis: {url: \"redis-sentinel://a:26379#m\"}' | names sentinels, but redis.mode is Standalone; set redis.mode: Sentinel
          """)
  void errorsNameTheField(String what, String yaml, String message) {
    assertThatThrownBy(() -> ConfigLoader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
