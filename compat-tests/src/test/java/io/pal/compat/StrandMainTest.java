package io.pal.compat;

import io.pal.Pal;
import io.pal.StrandMain;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code StrandMain} runs a program's main in a strand named main, with its arguments, and rethrows its failure unwrapped. */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StrandMainTest {

    /** What the fixture program saw. */
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();

    /** A program: records its arguments and the strand it ran in. */
    public static final class Program {
        public static void main(String[] args) {
            SEEN.add(List.of(args));
            SEEN.add(Pal.current());
            if (args.length > 0 && args[0].equals("fail")) {
                throw new IllegalStateException("the program failed");
            }
        }
    }

    @Test
    void runsMainInAStrandNamedMainWithItsArguments() throws Throwable {
        SEEN.clear();
        StrandMain.main(new String[] {Program.class.getName(), "a", "b"});
        assertEquals(List.of("a", "b"), SEEN.get(0));
        io.pal.Strand<?> ran = (io.pal.Strand<?>) SEEN.get(1);
        assertEquals("main", ran.name());
        assertNotSame(Pal.current(), ran, "not on the caller's thread");
    }

    @Test
    void theProgramsFailureIsRethrownAsItWas() {
        SEEN.clear();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StrandMain.main(new String[] {Program.class.getName(), "fail"}));
        assertEquals("the program failed", e.getMessage());
        assertSame(IllegalStateException.class, e.getClass());
    }
}
