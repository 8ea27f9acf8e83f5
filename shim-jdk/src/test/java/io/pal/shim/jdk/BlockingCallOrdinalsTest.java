package io.pal.shim.jdk;

import io.pal.spi.BlockingCall;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The advice inlined into the JDK names blocking calls by ordinal: the constants must stay those of BlockingCall. */
class BlockingCallOrdinalsTest {

    @Test
    void adviceConstantsAreTheEnumsOrdinals() {
        assertEquals(BlockingCall.FILE_IO, BlockingCall.of(BlockingAdvice.FILE_IO));
        assertEquals(BlockingCall.PROCESS, BlockingCall.of(BlockingAdvice.PROCESS));
        assertEquals(BlockingCall.DNS, BlockingCall.of(BlockingAdvice.DNS));
        assertEquals(BlockingCall.OBJECT_WAIT, BlockingCall.of(BlockingAdvice.OBJECT_WAIT));
        assertEquals(BlockingCall.JDK_BLOCKER, BlockingCall.of(BlockingAdvice.JDK_BLOCKER));
    }
}
