package io.cachesync.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.template.SidecarDefaults;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JvmOptionRulesTest {
  static List<PolicyViolation> violations(String jvmOptions) {
    return PolicyFixtures.POLICY.violations(
        PolicyFixtures.withJvmOptions(jvmOptions), SecretLabels.NONE, MissingSecret.ALLOWED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-javaagent:/tmp/agent.jar",
        "-agentlib:jdwp=transport=dt_socket,server=y,address=*:5005",
        "-agentpath:/tmp/libevil.so",
        "-Xrunjdwp:transport=dt_socket",
        "-Xbootclasspath/a:/tmp/evil.jar",
        "-XX:OnOutOfMemoryError=kill",
        "-XX:OnError=sh",
        "-XX:Flags=/tmp/flags",
        "-XX:VMOptionsFile=/tmp/options",
        "-XX:CompileCommandFile=/tmp/cc",
        "-XX:+UnlockDiagnosticVMOptions",
        "-XX:+EnableJVMCI",
        "-XX:StartFlightRecording=filename=/tmp/x.jfr",
        "@/tmp/argfile",
        "-cp",
        "--class-path=/tmp",
        "--patch-module=java.base=/tmp/evil",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Djava.security.manager=allow",
        "-Djava.security.policy=/tmp/p",
        "-Djava.system.class.loader=Evil",
        "-Djava.class.path=/tmp",
        "-Djava.library.path=/tmp",
        "-Djdk.attach.allowAttachSelf=true",
        "-Dcom.sun.management.jmxremote.port=9999",
        "-Dlogback.configurationFile=http://evil.example.com/logback.xml",
        "-XX:HeapDumpPath=/var/run/cachesync/dump",
        "-XX:SharedArchiveFile=/var/run/cachesync/planted.jsa",
        "-XX:SharedArchiveFile=/tmp/../var/run/cachesync/planted.jsa",
        "-XX:SharedArchiveFile=planted.jsa",
        "-XX:ArchiveClassesAtExit=/var/run/cachesync/x.jsa",
        "-XX:SharedArchiveFile=//run//cachesync/x.jsa",
        "-Xverify:none",
        "-jar",
        "hello"
      })
  @DisplayName("an option that loads code, runs a command or reads files is refused, named")
  void refused(String option) {
    assertThat(violations(option))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.sidecar.jvmOptions");
              assertThat(v.value()).isEqualTo(option);
              assertThat(v.message()).startsWith("spec.sidecar.jvmOptions: '" + option + "'");
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"-javaagent:/tmp/agent.jar\"",
        "'-javaagent:/tmp/agent.jar'",
        "-java\"agent\":/tmp/agent.jar",
        "-XX:\"OnOutOfMemoryError=kill -9 %p\"",
        "-D\"java.security.manager\"=allow",
        "-Xmx64m\t-javaagent:/x.jar",
        "-Xmx64m\u000B-javaagent:/x.jar",
        "-XX:onoutofmemoryerror=sh"
      })
  @DisplayName("quotes and odd whitespace are read as the JVM reads them: no way around the rules")
  void quoteTricks(String options) {
    assertThat(violations(options)).isNotEmpty();
  }

  @Test
  @DisplayName("a quote that is never closed is refused: the JVM would not start")
  void unmatchedQuote() {
    assertThat(violations("-Xmx64m \"-Dx=y"))
        .singleElement()
        .satisfies(v -> assertThat(v.allowed()).contains("quote is never closed"));
  }

  @Test
  @DisplayName("the JVM's tokenizer: quotes group spaces and vanish; runs of whitespace split")
  void tokenizer() {
    assertThat(JvmOptionTokens.of(" -Da=\"b c\"  -Xss1m\t'-Dd'\n").tokens())
        .containsExactly("-Da=b c", "-Xss1m", "-Dd");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-Xmx96m -Xms32m -Xmn16m -Xss512k",
        "-XX:+UseSerialGC -XX:-UseCompressedOops -XX:MaxRAMPercentage=70",
        "-XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:+ExitOnOutOfMemoryError",
        "-XX:SharedArchiveFile=/opt/cachesync/app.jsa -Xshare:auto",
        "-Xlog:gc*:stderr -verbose:gc",
        "-Dio.lettuce.core.jfr=false -Dcachesync.mode=\"a b\"",
        "-XX:NativeMemoryTracking=summary"
      })
  @DisplayName("tuning flags users need (heap, stacks, GC, CDS, logging, properties) are accepted")
  void allowed(String options) {
    assertThat(violations(options)).isEmpty();
  }

  @Test
  @DisplayName("the operator's own default options pass (the chart's sidecar.jvmOptions)")
  void defaultsPass() {
    assertThat(violations(SidecarDefaults.DEFAULT_JVM_OPTIONS)).isEmpty();
  }

  @Test
  @DisplayName("every refused token is listed, not only the first")
  void everyTokenNamed() {
    assertThat(violations("-Xmx64m -javaagent:/a.jar -XX:OnError=sh"))
        .extracting(PolicyViolation::value)
        .containsExactly("-javaagent:/a.jar", "-XX:OnError=sh");
  }
}
