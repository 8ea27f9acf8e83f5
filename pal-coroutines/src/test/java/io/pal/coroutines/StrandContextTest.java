package io.pal.coroutines;

import io.pal.Strand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Contexts from StrandContext.Factory are made at spawn in the spawner's context and swapped at every mount and unmount. */
class StrandContextTest {

    private CoroutineBackend b;

    @BeforeEach
    void start() {
        RecordingContextFactory.enabled = true;
        b = TestBackends.start(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        RecordingContextFactory.enabled = false;
        TestBackends.stop(b);
    }

    @Test
    void eachStrandSeesItsOwnValueAcrossSwitchesAndChildrenInherit() throws Exception {
        RecordingContextFactory.setMine("main");
        List<Strand<String>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            final String v = "s" + i;
            all.add(b.spawn(() -> {
                String inherited = RecordingContextFactory.mine();
                RecordingContextFactory.setMine(v);
                for (int k = 0; k < 100; k++) {
                    b.yieldNow(); // may resume on the other carrier
                    if (!RecordingContextFactory.mine().equals(v)) {
                        return "lost my value after " + k + " yields";
                    }
                }
                String child = b.spawn(RecordingContextFactory::mine).join();
                return inherited + "/" + RecordingContextFactory.mine() + "/" + child;
            }));
        }
        for (int i = 0; i < all.size(); i++) {
            assertEquals("main/s" + i + "/s" + i, all.get(i).join());
        }
        assertEquals("main", RecordingContextFactory.mine());
    }
}
