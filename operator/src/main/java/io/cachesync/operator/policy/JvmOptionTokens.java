package io.cachesync.operator.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code JAVA_TOOL_OPTIONS} string the way HotSpot does ({@code
 * Arguments::parse_options_buffer}): tokens are separated by C {@code isspace} characters; a single
 * or double quote anywhere in a token starts a section that runs to the same quote, spaces
 * included, and both quotes are dropped. So {@code "-java"agent:x} is the JVM's {@code
 * -javaagent:x}: checking the raw text, split on spaces, would miss it.
 *
 * @param tokens the options as the JVM will see them
 * @param unmatchedQuote true when a quote is never closed (the JVM then refuses to start)
 */
public record JvmOptionTokens(List<String> tokens, boolean unmatchedQuote) {
  public JvmOptionTokens {
    tokens = List.copyOf(tokens);
  }

  public static JvmOptionTokens of(String options) {
    List<String> tokens = new ArrayList<>();
    if (options == null) return new JvmOptionTokens(tokens, false);
    int i = 0;
    int n = options.length();
    while (i < n) {
      while (i < n && space(options.charAt(i))) i++;
      if (i >= n) break;
      StringBuilder token = new StringBuilder();
      while (i < n && !space(options.charAt(i))) {
        char c = options.charAt(i);
        if (c == '\'' || c == '"') {
          int close = options.indexOf(c, i + 1);
          if (close < 0) return new JvmOptionTokens(tokens, true);
          token.append(options, i + 1, close);
          i = close + 1;
        } else {
          token.append(c);
          i++;
        }
      }
      tokens.add(token.toString());
    }
    return new JvmOptionTokens(tokens, false);
  }

  /** C's {@code isspace} in the "C" locale, which is what the JVM uses here. */
  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
