package io.pal.bench.net;

import io.pal.examples.net.Measurement;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading wrk 4.1's --latency report, as Debian's wrk prints it. */
class WrkTest {

    private static final String CLEAN = """
            Running 1s test @ http://127.0.0.1:18080/
              1 threads and 10 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     4.13ms    1.13ms   9.00ms   70.46%
                Req/Sec     1.43k   162.57     1.65k    60.00%
              Latency Distribution
                 50%    3.99ms
                 75%    4.80ms
                 90%    5.65ms
                 99%  730.00us
              1425 requests in 1.00s, 680.49KB read
            Requests/sec:   1424.56
            Transfer/sec:    680.28KB
            """;

    @Test
    void readsRateAndPercentiles() {
        Measurement m = Wrk.parse(CLEAN, 10);
        assertNull(m.failure());
        assertEquals(1424.56, m.requestsPerSecond(), 1e-9);
        assertEquals(3_990_000, m.p50Nanos());
        assertEquals(730_000, m.p99Nanos());
        assertEquals(10, m.connections());
        assertEquals("1425 requests in 1.00s", m.note());
    }

    @Test
    void socketErrorsAndNon2xxAreFailures() {
        String withErrors = CLEAN.replace("Requests/sec:",
                "  Socket errors: connect 0, read 3, write 0, timeout 12\n  Non-2xx or 3xx responses: 5\nRequests/sec:");
        Measurement m = Wrk.parse(withErrors, 10);
        assertEquals("wrk Socket errors: connect 0, read 3, write 0, timeout 12; Non-2xx or 3xx responses: 5", m.failure());
        assertTrue(m.note().endsWith("Socket errors: connect 0, read 3, write 0, timeout 12"));
    }

    @Test
    void noReportIsAFailure() {
        Measurement m = Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n", 10);
        assertTrue(m.failure().startsWith("no Requests/sec in wrk's output: unable to connect"));
    }
}
