package io.pal.compat.libs;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.PlatformThreads;
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
 * The H2 JDBC driver, unmodified, over TCP from {@value #STRANDS} strands at once, each with its
 * own connection, against an H2 TCP server this test starts (loopback only, an in-memory
 * database, virtual threads for its connections so that they cost no platform threads).
 *
 * <p>Each strand's first query calls {@code PAL_HOLD}, a Java function the server runs on the
 * connection's own thread, which counts the arrival and holds the answer until the test lets it
 * go. So every strand's query is outstanding at once, and while they are, every strand must be
 * suspended in its socket read and the JVM's platform threads must not grow with them (no carrier
 * blocked). Then each strand runs {@value #QUERIES} more selects and inserts, and every answer and
 * the final table are checked exactly.
 */
@SocketSuite
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public class H2OverTcpTest { // public: H2 calls hold() by reflection

    private static final int STRANDS = 200;
    private static final int QUERIES = 3;
    private static final int ROWS = 100;

    /** Queries that reached PAL_HOLD. Any thread. */
    private static final AtomicInteger HELD = new AtomicInteger();
    /** Lets every PAL_HOLD answer; a new one per test. Any thread. */
    private static volatile CountDownLatch answer = new CountDownLatch(1);

    /** The H2 TCP server; started once per class run. */
    private static Server server;
    /** The JDBC URL of its in-memory database. */
    private static String url;

    @BeforeAll
    static void startServer() throws SQLException {
        assertEquals("127.0.0.1", System.getProperty("h2.bindAddress"), "the H2 server must listen on loopback only");
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-tcpDaemon", "-tcpVirtualThreads", "true").start();
        url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:pal;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE T(ID INT PRIMARY KEY, V VARCHAR(20))");
            st.execute("INSERT INTO T SELECT X, 'row-' || X FROM SYSTEM_RANGE(0, " + (ROWS - 1) + ")");
            st.execute("CREATE TABLE LOG(STRAND INT, Q INT, PRIMARY KEY(STRAND, Q))");
            st.execute("CREATE ALIAS PAL_HOLD FOR '" + H2OverTcpTest.class.getName() + ".hold'");
        }
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    /** PAL_HOLD(id), run by the server on the connection's thread: counts the arrival, waits for the answer, returns id. */
    public static int hold(int id) throws InterruptedException {
        HELD.incrementAndGet();
        if (!answer.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never let PAL_HOLD answer");
        }
        return id;
    }

    @Test
    void manyStrandsQueryAtOnceWithoutBlockingACarrier(BackendName backend) throws Exception {
        HELD.set(0);
        answer = new CountDownLatch(1);
        int threadsBefore = PlatformThreads.count();
        List<Strand<Integer>> strands = new ArrayList<>(STRANDS);
        for (int i = 0; i < STRANDS; i++) {
            int id = i;
            strands.add(Pal.spawn("jdbc-" + i, () -> queries(id)));
        }
        try {
            PlatformThreads.assertCostOnceAllWait(backend, strands, HELD::get, STRANDS, threadsBefore);
            assertEquals(STRANDS, HELD.get());
        } finally {
            answer.countDown();
        }
        for (int i = 0; i < STRANDS; i++) {
            assertEquals(QUERIES, strands.get(i).join());
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(STRAND), SUM(Q) FROM LOG")) {
            assertTrue(rs.next());
            assertEquals(STRANDS * QUERIES, rs.getInt(1));
            assertEquals((long) QUERIES * STRANDS * (STRANDS - 1) / 2, rs.getLong(2));
            assertEquals((long) STRANDS * QUERIES * (QUERIES - 1) / 2, rs.getLong(3));
            st.execute("DELETE FROM LOG");
        }
    }

    /** One strand's work: the held query, then QUERIES selects and inserts, each checked. Returns the inserts made. */
    private static int queries(int id) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (PreparedStatement hold = c.prepareStatement("SELECT PAL_HOLD(?)")) {
                hold.setInt(1, id);
                assertEquals(id, single(hold).getInt(1));
            }
            int inserted = 0;
            try (PreparedStatement select = c.prepareStatement("SELECT V FROM T WHERE ID = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO LOG VALUES(?, ?)")) {
                for (int q = 0; q < QUERIES; q++) {
                    int row = (id * 7 + q) % ROWS;
                    select.setInt(1, row);
                    assertEquals("row-" + row, single(select).getString(1));
                    insert.setInt(1, id);
                    insert.setInt(2, q);
                    inserted += insert.executeUpdate();
                }
            }
            return inserted;
        }
    }

    /** Runs {@code query}, which must give exactly one row, and returns the result set on it. */
    private static ResultSet single(PreparedStatement query) throws SQLException {
        ResultSet rs = query.executeQuery();
        assertTrue(rs.next(), "no row");
        return rs;
    }
}
