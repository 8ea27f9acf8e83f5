package io.pal.compat.libs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HikariCP, unmodified, over the H2 TCP server: the pool opens its connections on its own threads
 * before any strand asks (a pool in production does the same with PostgreSQL's driver), and
 * {@value #STRANDS} strands borrow them. Each strand's query calls {@code PAL_HIKARI_HOLD}, which the
 * server holds until the test lets it go, so that {@value #POOL} queries are outstanding at once on
 * connections no strand made and the other strands wait in the pool: every strand must then be
 * parked (none holding a carrier in a socket read), and afterwards every strand runs
 * {@value #QUERIES} more queries with exact answers.
 */
@SocketSuite
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public class HikariPoolTest { // public: H2 calls hold() by reflection

    private static final int POOL = 8;
    private static final int STRANDS = 100;
    private static final int QUERIES = 10;

    /** Queries that reached PAL_HIKARI_HOLD. Any thread. */
    private static final AtomicInteger HELD = new AtomicInteger();
    /** Lets every PAL_HIKARI_HOLD answer; a new one per test. Any thread. */
    private static volatile CountDownLatch answer = new CountDownLatch(1);

    private static Server server;
    private static String url;

    @BeforeAll
    static void startServer() throws SQLException {
        assertEquals("127.0.0.1", System.getProperty("h2.bindAddress"), "the H2 server must listen on loopback only");
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-tcpDaemon", "-tcpVirtualThreads", "true").start();
        url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:hikari;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE ALIAS PAL_HIKARI_HOLD FOR '" + HikariPoolTest.class.getName() + ".hold'");
        }
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    /** PAL_HIKARI_HOLD(id), run by the server: counts the arrival, waits for the answer, returns id. */
    public static int hold(int id) throws InterruptedException {
        HELD.incrementAndGet();
        if (!answer.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never told to answer");
        }
        return id;
    }

    @Test
    void strandsQueryOverConnectionsThePoolOpenedOnItsOwnThreads(BackendName backend) throws Exception {
        HELD.set(0);
        answer = new CountDownLatch(1);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(POOL);
        config.setMinimumIdle(POOL);
        config.setConnectionTimeout(60_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Await.until(POOL + " connections opened by the pool's threads",
                    () -> pool.getHikariPoolMXBean().getIdleConnections() == POOL);
            List<Strand<Integer>> strands = new ArrayList<>();
            for (int i = 0; i < STRANDS; i++) {
                int id = i;
                strands.add(Pal.spawn("query-" + i, () -> queries(pool, id)));
            }
            Await.until(POOL + " held queries", () -> HELD.get() == POOL || strands.stream().anyMatch(Strand::isDone));
            assertEquals(POOL, HELD.get(), "a strand ended early");
            if (backend != BackendName.THREADS) {
                for (Strand<Integer> s : strands) {
                    Await.state(s, StrandState.PARKED); // POOL of them in a socket read, the rest in the pool's wait
                }
            }
            answer.countDown();
            int sum = 0;
            for (Strand<Integer> s : strands) {
                sum += s.join(Await.LIMIT);
            }
            assertEquals(STRANDS * (STRANDS - 1) / 2 * (QUERIES + 1), sum);
            assertTrue(pool.getHikariPoolMXBean().getTotalConnections() <= POOL);
        }
    }

    /** One held query, then {@code QUERIES} plain ones, each answering {@code id}; returns the sum of the answers. */
    private static int queries(HikariDataSource pool, int id) throws SQLException {
        int sum;
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT PAL_HIKARI_HOLD(?)")) {
            sum = single(ps, id);
        }
        for (int q = 0; q < QUERIES; q++) {
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS INT)")) {
                sum += single(ps, id);
            }
        }
        return sum;
    }

    private static int single(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }
}
