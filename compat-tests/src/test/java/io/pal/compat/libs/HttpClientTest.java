package io.pal.compat.libs;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Latch;
import io.pal.compat.PlatformThreads;
import io.pal.compat.SocketSuite;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.BasicResponseHandler;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Apache HttpClient 4.5 (classic, blocking), unmodified, from {@value #STRANDS} strands at once
 * through one pooled client, against a small HTTP/1.1 server on strands
 * ({@link StrandHttpServer}).
 *
 * <p>Each strand's first request is {@code /hold/<id>}, which the server counts and holds until the
 * test releases it. So every request is outstanding at once, and while they are, every client
 * strand must be suspended in its socket read and the JVM's platform threads must not grow with
 * them (no carrier blocked). Then each strand makes {@value #ECHOES} more requests on its pooled
 * connection, and every body is checked exactly.
 */
@SocketSuite
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpClientTest {

    private static final int STRANDS = 200;
    private static final int ECHOES = 3;

    @Test
    void manyStrandsRequestAtOnceWithoutBlockingACarrier(BackendName backend) throws Exception {
        AtomicInteger held = new AtomicInteger();
        Latch answer = new Latch();
        int threadsBefore = PlatformThreads.count();
        try (StrandHttpServer server = StrandHttpServer.start(path -> respond(path, held, answer));
             CloseableHttpClient client = pooledClient()) {
            String base = "http://127.0.0.1:" + server.port();
            List<Strand<List<String>>> strands = new ArrayList<>(STRANDS);
            for (int i = 0; i < STRANDS; i++) {
                int id = i;
                strands.add(Pal.spawn("http-client-" + i, () -> requests(client, base, id)));
            }
            try {
                // each held request is a client strand and a server strand, both waiting
                PlatformThreads.assertCostOnceAllWait(backend, strands, held::get, 2 * STRANDS, threadsBefore);
                assertEquals(STRANDS, held.get());
            } finally {
                answer.release();
            }
            for (int i = 0; i < STRANDS; i++) {
                assertEquals(expected(i), strands.get(i).join());
            }
        }
    }

    /** The server's side: {@code /hold/<id>} waits for the test; {@code /echo/<id>/<n>} answers at once. */
    private static String respond(String path, AtomicInteger held, Latch answer) throws InterruptedException {
        String[] p = path.split("/");
        if (p[1].equals("hold")) {
            held.incrementAndGet();
            answer.await();
            return "held " + p[2];
        }
        return p[2] + ":" + p[3];
    }

    /** One strand's requests, their bodies in order. */
    private static List<String> requests(CloseableHttpClient client, String base, int id) throws Exception {
        List<String> bodies = new ArrayList<>();
        bodies.add(client.execute(new HttpGet(base + "/hold/" + id), new BasicResponseHandler()));
        for (int n = 0; n < ECHOES; n++) {
            bodies.add(client.execute(new HttpGet(base + "/echo/" + id + "/" + n), new BasicResponseHandler()));
        }
        return bodies;
    }

    private static List<String> expected(int id) {
        List<String> bodies = new ArrayList<>();
        bodies.add("held " + id);
        for (int n = 0; n < ECHOES; n++) {
            bodies.add(id + ":" + n);
        }
        return bodies;
    }

    /** A connection per strand (no strand waits for the pool), and timeouts so that nothing waits for ever. */
    private static CloseableHttpClient pooledClient() {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(STRANDS);
        pool.setDefaultMaxPerRoute(STRANDS);
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(10_000).setConnectionRequestTimeout(10_000).setSocketTimeout(60_000).build();
        return HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(timeouts)
                .disableAutomaticRetries().build();
    }
}
