package io.cachesync.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.config.TlsConfig;
import io.lettuce.core.RedisURI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every client the sidecar builds in Sentinel mode asks the sentinels for the master. */
class SentinelUriTest {

  @Test
  @DisplayName("a Sentinel config gives Lettuce the sentinels, the master name and the credentials")
  void sentinelUri(@TempDir Path dir) throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
    RedisConfig config =
        new RedisConfig(
            "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#mymaster",
            "app",
            null,
            password.toString(),
            null,
            null,
            null,
            RedisMode.Sentinel);
    RedisURI uri = RedisClients.uri(config);
    assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380);
    var credentials = uri.getCredentialsProvider().resolveCredentials().block();
    assertThat(credentials.getUsername()).isEqualTo("app");
    assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
    assertThat(uri.isSsl()).isFalse();
    // the sentinels are asked without them: a sentinel without requirepass refuses an AUTH
    var sentinelLogin = uri.getSentinels().get(0).getCredentialsProvider().resolveCredentials();
    assertThat(sentinelLogin.block().hasPassword()).isFalse();
  }

  @Test
  @DisplayName(
      "rediss-sentinel://, or redis.tls.enabled, is TLS to the sentinels and the data nodes")
  void sentinelTls() {
    RedisURI uri = RedisClients.uri(RedisConfig.sentinel("rediss-sentinel://127.0.0.1:26379#m"));
    assertThat(uri.isSsl()).isTrue();
    assertThat(uri.getSentinelMasterId()).isEqualTo("m");
    assertThat(uri.getSentinels().get(0).isSsl()).isTrue();
    // redis.tls.enabled with a redis-sentinel:// url: one TLS setting for sentinels and data nodes
    RedisURI enabled =
        RedisClients.uri(
            RedisConfig.sentinel("redis-sentinel://127.0.0.1:26379#m")
                .withTls(new TlsConfig(true, null, null, null, true)));
    assertThat(enabled.isSsl()).isTrue();
    assertThat(enabled.getSentinels().get(0).isSsl()).isTrue();
  }
}
