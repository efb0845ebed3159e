package io.cachesync.operator.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks an end-to-end class (a real control plane). Failsafe's e2e execution runs them in a network
 * namespace of their own; the tag keeps them out of the default execution even when {@code
 * -Dit.test} overrides its excludes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(EndToEnd.TAG)
public @interface EndToEnd {
  String TAG = "e2e";
}
