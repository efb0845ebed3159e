package io.cachesync.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HttpServerLimitsTest {

  @Test
  @DisplayName("the JDK server's request and response limits default to 10 s; a -D value is kept")
  void defaultsKeepWhatTheUserSet() {
    Properties properties = new Properties();
    properties.setProperty("sun.net.httpserver.maxReqTime", "60");
    HttpServerLimits.apply(properties);
    assertThat(properties)
        .containsEntry("sun.net.httpserver.maxReqTime", "60")
        .containsEntry("sun.net.httpserver.maxRspTime", "10");
  }
}
