package io.pal.coroutines;

import io.pal.PalConfigurationException;
import io.pal.coroutines.jmx.StrandsBuilder;
import io.pal.instrument.BootstrapClasses;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.util.function.Consumer;
import java.time.Instant;
import java.util.Map;

/**
 * {@code io.pal:type=Strands}: the process-wide coroutine backend's strand dump over JMX.
 *
 * <h2>Registration, without start-up cost</h2>
 * Creating the platform MBean server costs a JVM hundreds of milliseconds, so pal does not create it.
 * {@link #publish} (called once the process-wide backend exists) instead:
 * <ol>
 *   <li>defines {@link StrandsBuilder} in the bootstrap class loader and points its hook here;</li>
 *   <li>names it as the JVM's MBean server builder ({@code javax.management.builder.initial}),
 *       unless the application named one;</li>
 *   <li>and the builder registers the MBean in each server it builds. The platform server is built
 *       when something first asks for it, e.g. the attach API's {@code startLocalManagementAgent},
 *       which is what {@code bin/pal dump} calls.</li>
 * </ol>
 * A platform MBean server built before pal's backend (or by another builder) does not get the MBean;
 * {@link #register} then adds it by hand.
 */
public final class Strands implements StrandsMBean {

    /** The system property the JDK reads for the MBean server builder class. */
    static final String BUILDER_PROPERTY = "javax.management.builder.initial";
    /** The process-wide coroutine backend, once created; null before. */
    private static volatile CoroutineBackend published;

    private Strands() {
    }

    /**
     * Makes {@code backend} the one {@code io.pal:type=Strands} shows and arranges for the MBean to
     * be registered in the platform MBean server when that is built. Loads nothing of JMX but one
     * class. Without {@code java.lang} open to pal (no agent, no flag) it does nothing.
     */
    static void publish(CoroutineBackend backend) {
        published = backend;
        if (System.getProperty(BUILDER_PROPERTY) != null) {
            return;
        }
        try {
            Class<?> builder = BootstrapClasses.define(BUILDER, Strands.class.getClassLoader());
            // StrandsBuilder, named here, resolves to the bootstrap copy just defined (checked): a plain
            // field store, no reflection, and a class, not a method reference, since both would spin
            // classes at start-up (ADR 0025)
            if (StrandsBuilder.class != builder) {
                throw new IllegalStateException("inconsistent state: two copies of " + BUILDER);
            }
            StrandsBuilder.onNewServer = new Registrar();
            System.setProperty(BUILDER_PROPERTY, BUILDER);
        } catch (PalConfigurationException e) {
            // no dump over JMX in this JVM; CoroutineDiagnostics still works from inside
        }
    }

    private static final String BUILDER = "io.pal.coroutines.jmx.StrandsBuilder";

    /** What the builder calls with each server it builds: {@link #register}. */
    private static final class Registrar implements Consumer<MBeanServer> {
        @Override
        public void accept(MBeanServer server) {
            register(server);
        }
    }

    /** Registers {@code io.pal:type=Strands} in {@code server} (the platform server, say). */
    public static void register(MBeanServer server) {
        try {
            server.registerMBean(new Strands(), new ObjectName(OBJECT_NAME));
        } catch (JMException e) {
            throw new IllegalStateException("pal could not register " + OBJECT_NAME, e);
        }
    }

    private static java.util.Optional<CoroutineDiagnostics> diagnostics() {
        CoroutineBackend b = published;
        return b == null ? java.util.Optional.empty() : CoroutineDiagnostics.of(b);
    }

    @Override
    public int getLiveStrands() {
        return diagnostics().map(d -> d.counts().live()).orElse(0);
    }

    @Override
    public String dump() {
        return diagnostics().map(CoroutineDiagnostics::dump).orElse("no coroutine backend in this JVM\n");
    }

    @Override
    public String dumpJson() {
        var d = diagnostics();
        StringBuilder sb = new StringBuilder("{\"backend\":");
        if (d.isEmpty()) {
            return sb.append("null,\"time\":").append(Json.string(Instant.now().toString())).append(",\"strands\":[]}").toString();
        }
        CoroutineDiagnostics.Counts c = d.get().counts();
        sb.append("\"coroutines\",\"time\":").append(Json.string(Instant.now().toString()))
                .append(",\"scheduler\":").append(Json.string(published.scheduler().toString()))
                .append(",\"counters\":{\"spawned\":").append(c.spawned()).append(",\"switches\":").append(c.switches())
                .append(",\"parks\":").append(c.parks()).append(",\"ends\":").append(c.ends())
                .append(",\"steals\":").append(c.steals()).append(",\"sleeps\":").append(c.sleeps())
                .append(",\"overflows\":").append(c.overflows()).append(",\"live\":").append(c.live())
                .append(",\"timers\":").append(c.timers()).append(",\"pins\":{");
        String sep = "";
        for (Map.Entry<?, Long> e : c.pins().entrySet()) {
            sb.append(sep).append(Json.string(e.getKey().toString())).append(':').append(e.getValue());
            sep = ",";
        }
        sb.append("}},\"strands\":[");
        sep = "";
        for (CoroutineDiagnostics.StrandInfo s : d.get().strands()) {
            sb.append(sep).append("{\"id\":").append(s.id()).append(",\"name\":").append(Json.string(s.name()))
                    .append(",\"state\":").append(Json.string(s.state().toString()))
                    .append(",\"detail\":").append(Json.string(s.detail())).append(",\"stack\":[");
            String frameSep = "";
            for (StackTraceElement f : s.stack()) {
                sb.append(frameSep).append(Json.string(f.toString()));
                frameSep = ",";
            }
            sb.append("]}");
            sep = ",";
        }
        return sb.append("]}").toString();
    }

    /** JSON string literals: the only JSON this class writes that needs escaping. */
    static final class Json {
        private Json() {
        }

        static String string(String s) {
            if (s == null) {
                return "null";
            }
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (ch < 0x20) {
                            sb.append(String.format("\\u%04x", (int) ch));
                        } else {
                            sb.append(ch);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
