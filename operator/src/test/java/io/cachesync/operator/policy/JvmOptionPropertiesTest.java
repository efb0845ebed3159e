package io.cachesync.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The JVM option parser on random strings: never throws, and what it refuses stays refused. */
class JvmOptionPropertiesTest {
  @Property(tries = 1000)
  @Label("any string: tokens and a verdict per token, never an exception")
  void neverThrows(@ForAll("optionish") String options) {
    JvmOptionTokens tokens = JvmOptionTokens.of(options);
    for (String t : tokens.tokens()) JvmOptionRules.refusal(t);
    PolicyFixtures.POLICY.violations(
        PolicyFixtures.withJvmOptions(options), SecretLabels.NONE, MissingSecret.ALLOWED);
  }

  @Property(tries = 500)
  @Label("an agent hidden after allowed options, in quotes, or after odd whitespace is refused")
  void agentsNeverPass(
      @ForAll("optionish") String before,
      @ForAll("quoting") String quote,
      @ForAll("spaces") String space) {
    String options = "-Xmx64m" + space + quote + "-javaagent:/tmp/a.jar" + quote;
    if (JvmOptionTokens.of(before).unmatchedQuote()) return;
    assertThat(
            PolicyFixtures.POLICY.violations(
                PolicyFixtures.withJvmOptions(before + " " + options),
                SecretLabels.NONE,
                MissingSecret.ALLOWED))
        .isNotEmpty();
  }

  @Provide
  Arbitrary<String> optionish() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        Arbitraries.strings().withChars("-XD:+=\"' \t@/javagentOnErr").ofMaxLength(60));
  }

  @Provide
  Arbitrary<String> quoting() {
    return Arbitraries.of("", "\"", "'");
  }

  @Provide
  Arbitrary<String> spaces() {
    return Arbitraries.of(" ", "\t", "\n", "\u000B", "\f", "\r", "  \t ");
  }
}
