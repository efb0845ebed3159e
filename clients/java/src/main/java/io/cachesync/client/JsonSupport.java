package io.cachesync.client;

/** Jackson is optional: asked for JSON without it, say what to add instead of a NoClassDefFound. */
final class JsonSupport {
  static final String MAPPER = "com.fasterxml.jackson.databind.ObjectMapper";

  private JsonSupport() {}

  static void require(ClassLoader loader) {
    try {
      Class.forName(MAPPER, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "ValueCodec.json needs Jackson on the classpath: add"
              + " com.fasterxml.jackson.core:jackson-databind to the application's dependencies, or"
              + " use ValueCodec.utf8(), ValueCodec.bytes() or a ValueCodec of your own",
          e);
    }
  }
}
