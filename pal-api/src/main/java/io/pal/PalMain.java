package io.pal;

import io.pal.spi.PalConfig;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs another program's {@code main} on this thread, after checking pal's configuration:
 * {@code java ... io.pal.PalMain com.example.Main arg1 arg2} (what {@code bin/pal run} starts without
 * {@code --main-in-strand}).
 *
 * <p>A bad {@code pal.*} property is then one line on standard error and exit status 2 before the
 * program's {@code main} runs ({@link PalConfig#validateOrExit()}), instead of a stack trace at the
 * program's first use of pal. A failure of the program's main is rethrown as it was thrown, so the
 * JVM reports it and exits with status 1, as it would without pal.
 */
public final class PalMain {

    private PalMain() {
    }

    public static void main(String[] args) throws Throwable {
        PalConfig.validateOrExit();
        StrandMain.startBackendForThreadsAsStrands();
        if (args.length == 0) {
            StrandMain.fail("usage: io.pal.PalMain MAIN_CLASS [ARGS...]: checks pal's configuration, then runs MAIN_CLASS's static main");
        }
        try {
            StrandMain.invoke(StrandMain.findMain(args[0]), Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
