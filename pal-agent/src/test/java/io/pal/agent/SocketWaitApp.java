package io.pal.agent;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny application that waits on a socket in a strand: the strand accepts a loopback connection
 * and reads from it; main connects, waits until the strand is parked (in the backend's netpoll, on
 * coroutines), then writes. Prints what the strand read and whether it was seen parked.
 * {@link AgentJarIT} runs it with only {@code -javaagent:pal-agent.jar} and expects nothing on stderr.
 */
public final class SocketWaitApp {

    private SocketWaitApp() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Strand<String> reader = Pal.spawn("reader", () -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return new String(in.readNBytes(5), StandardCharsets.UTF_8);
                }
            });
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 OutputStream out = c.getOutputStream()) {
                boolean parked = false;
                for (long deadline = System.nanoTime() + 20_000_000_000L; !parked && System.nanoTime() < deadline; ) {
                    parked = reader.state() == StrandState.PARKED;
                    Thread.sleep(1);
                }
                out.write("hello".getBytes(StandardCharsets.UTF_8));
                out.flush();
                System.out.println("read=" + reader.join() + " parked=" + parked);
            }
        }
    }
}
