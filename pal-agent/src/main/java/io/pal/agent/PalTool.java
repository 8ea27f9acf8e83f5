package io.pal.agent;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;

/**
 * {@code java -jar pal-agent.jar dump <pid> [--json]} (what {@code bin/pal dump} runs): prints the
 * strand dump of a running JVM that runs pal's coroutine backend.
 *
 * <ol>
 *   <li>Attach to {@code pid} with the attach API and start its local JMX agent (as
 *       {@code jcmd <pid> ManagementAgent.start_local} does; no agent is loaded into it, so it prints
 *       no warning);</li>
 *   <li>connect, and call {@code dump} or {@code dumpJson} on {@code io.pal:type=Strands}.</li>
 * </ol>
 */
public final class PalTool {

    static final String MBEAN = "io.pal:type=Strands";

    private PalTool() {
    }

    public static void main(String[] args) {
        try {
            System.out.print(run(args));
            System.out.flush();
        } catch (IllegalArgumentException e) {
            System.err.println("pal: " + e.getMessage());
            System.err.println("usage: java -jar pal-agent.jar dump <pid> [--json]");
            System.exit(2);
        } catch (IOException | JMException | AttachNotSupportedException e) {
            System.err.println("pal: " + e.getMessage());
            System.exit(1);
        }
    }

    /** What {@link #main} prints for {@code args}. */
    static String run(String... args) throws IOException, JMException, AttachNotSupportedException {
        if (args.length < 2 || !args[0].equals("dump")) {
            throw new IllegalArgumentException("expected: dump <pid> [--json]; got: " + String.join(" ", args));
        }
        boolean json = false;
        for (int i = 2; i < args.length; i++) {
            if (!args[i].equals("--json")) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'; valid: --json");
            }
            json = true;
        }
        String dump = dump(pid(args[1]), json);
        return dump.endsWith("\n") ? dump : dump + "\n";
    }

    private static long pid(String s) {
        try {
            long pid = Long.parseLong(s);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + s + "' is not a process id (an integer >= 1)");
    }

    /** The strand dump of JVM {@code pid}, as text or JSON. */
    static String dump(long pid, boolean json) throws IOException, JMException, AttachNotSupportedException {
        String address;
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            return (String) server.invoke(new ObjectName(MBEAN), json ? "dumpJson" : "dump", new Object[0], new String[0]);
        } catch (InstanceNotFoundException e) {
            throw new InstanceNotFoundException("JVM " + pid + " has no " + MBEAN
                    + ": it does not run pal's coroutine backend (or built its MBean server before pal without pal's agent)");
        }
    }
}
