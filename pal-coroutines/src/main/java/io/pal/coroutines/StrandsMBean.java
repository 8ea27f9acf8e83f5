package io.pal.coroutines;

/**
 * The JMX view of the coroutine backend's strands, registered as {@code io.pal:type=Strands} in the
 * platform MBean server (see {@link Strands}). {@code bin/pal dump <pid>} calls it in a running JVM.
 */
public interface StrandsMBean {

    /** The object name it is registered under. */
    String OBJECT_NAME = "io.pal:type=Strands";

    /** Strands spawned and not yet ended; 0 when the JVM runs no coroutine backend. */
    int getLiveStrands();

    /**
     * The strand dump as text: the scheduler, the counters, then each strand's name, id, state and
     * (parked or asleep) stack, as {@link CoroutineDiagnostics#dump()}.
     */
    String dump();

    /**
     * The same as one JSON object, in the spirit of {@code jcmd Thread.dump_to_file -format=json}:
     * {@code {"backend", "time", "scheduler", "counters": {...}, "strands": [{"id", "name",
     * "state", "detail", "stack": [...]}]}}.
     */
    String dumpJson();
}
