package io.pal.examples.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

@AllBackends
class HelloHttpServerTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, world!";
    private static final String OK_CLOSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
            + "Connection: close\r\n\r\nHello, world!";

    private LoopbackServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackServer(HelloHttpServer::handle);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void answersRequestsOnOneKeptAliveConnectionUntilAskedToClose() throws Exception {
        try (Socket s = server.connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(OK, read(in, OK.length()));
            out.write(ascii("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello=world"));
            assertEquals(OK, read(in, OK.length()));
            out.write(ascii("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            assertEquals(OK_CLOSE, read(in, OK_CLOSE.length()));
            assertEquals(-1, in.read(), "the server closes after Connection: close");
        }
    }

    @Test
    void pipelinedRequestsGetAnAnswerEach() throws Exception {
        try (Socket s = server.connect()) {
            s.getOutputStream().write(ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(OK + OK, read(s.getInputStream(), 2 * OK.length()));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }
}
