package io.cachesync.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {
  private static final String JDK17_OUTPUT =
      """
      12345:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:        101543      108253472  [B (java.base@17.0.15)
         2:        100012        3200384  java.lang.String (java.base@17.0.15)
         3:          2001          48024  com.example.Node
      Total        203556      111501880
      """;

  @Test
  @DisplayName("jcmd's class histogram gives the live total and the bytes of each class")
  void parsesTotalAndClasses() throws IOException {
    HeapHistogram h = HeapHistogram.parse(JDK17_OUTPUT);

    assertThat(h.totalBytes()).isEqualTo(111_501_880L);
    assertThat(h.bytesByClass())
        .containsEntry("[B", 108_253_472L)
        .containsEntry("java.lang.String", 3_200_384L)
        .containsEntry("com.example.Node", 48_024L);
  }

  @Test
  @DisplayName("output without a total (jcmd could not attach) is an error quoting it")
  void noTotal() {
    assertThatThrownBy(() -> HeapHistogram.parse("12345:\nAttachNotSupportedException"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("AttachNotSupportedException");
  }
}
