package io.pal.examples.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** When the load generator takes a response as whole, and as wrong. */
class ExchangeTest {

    @Test
    void httpResponseLength() throws IOException {
        byte[] ok = "HTTP/1.1 200 OK\r\nContent-length: 13\r\nX: y\r\n\r\nHello, world!".getBytes(StandardCharsets.US_ASCII);
        assertEquals(ok.length, Exchange.Http.responseLength(ok, ok.length));
        assertEquals(ok.length, Exchange.Http.responseLength(ok, ok.length - 13), "known once the headers are in");
        assertEquals(-1, Exchange.Http.responseLength(ok, ok.length - 14), "headers not all in yet");
        byte[] notFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IOException.class, () -> Exchange.Http.responseLength(notFound, notFound.length));
        byte[] chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IOException.class, () -> Exchange.Http.responseLength(chunked, chunked.length));
    }

    @Test
    void anEchoThatDiffersIsAnError() {
        Exchange.Echo echo = new Exchange.Echo(16);
        ByteBuffer request = ByteBuffer.allocate(16);
        echo.request(7, request);
        ByteBuffer response = ByteBuffer.allocate(16);
        response.put(request.duplicate());
        response.put(15, (byte) (response.get(15) + 1));
        assertThrows(IOException.class, () -> echo.complete(response, request));
    }
}
