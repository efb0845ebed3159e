package io.cachesync.demo;

/**
 * Something did not behave as the story expects: the message says what was expected and what
 * happened.
 */
final class DemoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DemoFailure(String message) {
    super(message);
  }

  DemoFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
