package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoggingSetupTest {

  @Test
  @DisplayName("logback finds the setup as a service, ahead of any logback.xml")
  void registered() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream())
        .anyMatch(p -> p.type() == LoggingSetup.class);
  }

  @Test
  @DisplayName("lines go to stderr at INFO (or CACHESYNC_LOG_LEVEL), the libraries at WARN")
  void configures() {
    LoggerContext context = new LoggerContext();
    LoggingSetup setup = new LoggingSetup();
    setup.setContext(context);

    assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level expected = Level.toLevel(System.getenv("CACHESYNC_LOG_LEVEL"), Level.INFO);
    assertThat(root.getLevel()).isEqualTo(expected);
    assertThat(root.getAppender("STDERR"))
        .isInstanceOfSatisfying(
            ConsoleAppender.class,
            a -> {
              assertThat(a.getTarget()).isEqualTo("System.err");
              assertThat(a.isStarted()).isTrue();
            });
    for (String library : LoggingSetup.QUIET) {
      assertThat(context.getLogger(library).getLevel()).isEqualTo(Level.WARN);
    }
    assertThat(context.getLogger("io.cachesync.sidecar.Sidecar").getEffectiveLevel())
        .isEqualTo(expected);
  }

  @Test
  @DisplayName("-Dlogback.configurationFile hands the setup to logback's own configurator")
  void userFileWins() {
    System.setProperty("logback.configurationFile", "/somewhere/logback.xml");
    try {
      LoggerContext context = new LoggerContext();
      LoggingSetup setup = new LoggingSetup();
      setup.setContext(context);
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
