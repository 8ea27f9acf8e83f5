package io.pal.coroutines;

import io.pal.coroutines.sched.ThreadAccess;
import io.pal.Strand;
import io.pal.coroutines.sched.Carrier;
import io.pal.group.StrandGroup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Groups on carriers: placement, members never leave the group's carrier, everyone else keeps every carrier. */
class CarrierGroupTest extends OnPrivateBackend {

    private static Carrier carrierOf(StrandGroup g) {
        return ((CarrierGroup) g).carrier();
    }

    @Test
    void groupsAreBoundToCarriersRoundRobin() {
        StrandGroup a = b.newGroup("a");
        StrandGroup c = b.newGroup("c");
        StrandGroup d = b.newGroup("d");
        assertNotSame(carrierOf(a), carrierOf(c));
        assertSame(carrierOf(a), carrierOf(d));
    }

    @Test
    void membersRunOnlyOnTheGroupsCarrierAcrossEverySuspension() throws Exception {
        StrandGroup g = b.newGroup("g");
        List<Strand<String>> members = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            members.add(g.spawn(() -> {
                Carrier home = carrierOf(g);
                for (int i = 0; i < 200; i++) {
                    if (ThreadAccess.currentCarrier() != home) {
                        return "ran on " + ThreadAccess.currentCarrier().getName() + " at " + i;
                    }
                    switch (i % 4) {
                        case 0 -> b.yieldNow();
                        case 1 -> b.parkNanos(1_000);
                        case 2 -> b.sleep(1_000);
                        default -> b.spawn(() -> 1).join(); // a join: parks until another strand ends
                    }
                }
                return "ok";
            }));
        }
        for (Strand<String> m : members) {
            assertEquals("ok", m.join());
        }
    }

    @Test
    void strandsOutsideTheGroupUseTheOtherCarrierWhileAMemberRuns() throws Exception {
        StrandGroup g = b.newGroup("busy");
        AtomicBoolean released = new AtomicBoolean();
        Strand<Void> member = g.spawn(() -> {
            while (!released.get()) {
                Thread.onSpinWait(); // never suspends: the group's carrier stays busy
            }
        });
        // Only the other carrier is free; a member's child is not a member and may use it too.
        b.spawn(() -> {
            released.set(true);
            return null;
        }).join();
        member.join();
        AtomicBoolean childRan = new AtomicBoolean();
        g.spawn(() -> {
            b.spawn(() -> {
                childRan.set(true);
                return null;
            });
            while (!childRan.get()) {
                Thread.onSpinWait();
            }
        }).join();
    }

    @Test
    void aMembersGroupIsItsOwnAndAChildsIsNone() throws Exception {
        StrandGroup g = b.newGroup("g");
        assertSame(g, g.spawn(() -> b.currentGroup()).join());
        assertEquals(null, g.spawn(() -> b.spawn(() -> b.currentGroup()).join()).join());
        assertEquals(null, b.currentGroup());
    }

    @Test
    void spawningIntoAGroupAfterShutdownIsRejected() throws Exception {
        CoroutineBackend other = TestBackends.start(1);
        StrandGroup g = other.newGroup("late");
        TestBackends.stop(other);
        assertThrows(RejectedExecutionException.class, () -> g.spawn(() -> 1));
    }
}
