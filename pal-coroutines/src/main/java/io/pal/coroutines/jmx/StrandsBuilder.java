package io.pal.coroutines.jmx;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;
import java.util.function.Consumer;

/**
 * Defined in the bootstrap class loader (io.pal.instrument.BootstrapClasses) and named as the JVM's MBean
 * server builder by {@link io.pal.coroutines.Strands}: builds MBean servers as the JDK's builder
 * does, then hands each to pal, which registers {@code io.pal:type=Strands} in it. It lives in the
 * bootstrap loader because the JDK loads a builder through the context class loader of whichever
 * thread first asks for the platform MBean server, which may be null (the attach listener's is):
 * only a bootstrap class is found from every thread. It names only JDK types.
 */
public final class StrandsBuilder extends MBeanServerBuilder {

    /** Set once by pal before the builder is named; called with every server built. */
    public static volatile Consumer<MBeanServer> onNewServer;

    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        MBeanServer server = super.newMBeanServer(defaultDomain, outer, delegate);
        Consumer<MBeanServer> hook = onNewServer;
        if (hook != null) {
            hook.accept(server);
        }
        return server;
    }
}
