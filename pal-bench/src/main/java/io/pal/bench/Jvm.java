package io.pal.bench;

/**
 * The JVM flags every benchmark fork needs: the root pom's {@code pal.jvm.flags}, one per constant
 * so that {@code @Fork(jvmArgsAppend = ...)} can name them (annotation values must be constants).
 * Keep in step with the root pom.
 */
final class Jvm {
    static final String EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
    static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String AGENT = "-XX:+EnableDynamicAgentLoading";

    private Jvm() {
    }
}
