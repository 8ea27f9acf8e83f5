package io.pal;

import io.pal.spi.PalConfig;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;

/**
 * Runs another program's {@code main} inside a strand named {@code main}:
 * {@code java ... io.pal.StrandMain com.example.Main arg1 arg2} ({@code bin/pal run --main-in-strand}).
 *
 * <p>Unmodified code that blocks on its main thread (an accept loop, a JDBC call) then does so in
 * a strand, so that on a carrier-sharing backend everything it creates (sockets, locks, children
 * it spawns through pal) is a strand's: no line of the program changes. The JVM's own main thread
 * only waits for that strand. A failure of the program's main is rethrown as it was thrown, so the
 * JVM reports it and exits with status 1, as it would without pal. Before anything runs, pal's
 * configuration is checked ({@link PalConfig#validateOrExit()}): a bad {@code pal.*} property is one
 * line on standard error and exit status 2.
 */
public final class StrandMain {

    private StrandMain() {
    }

    public static void main(String[] args) throws Throwable {
        PalConfig.validateOrExit();
        startBackendForThreadsAsStrands();
        if (args.length == 0) {
            fail("usage: io.pal.StrandMain MAIN_CLASS [ARGS...]: runs MAIN_CLASS's static main in a strand");
        }
        Method main = findMain(args[0]);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Strand<Void> strand = Pal.spawn("main", () -> {
            invoke(main, rest);
            return null;
        });
        try {
            strand.join();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof InvocationTargetException ite ? ite.getCause() : cause;
        }
    }

    /**
     * With {@code pal.threadsAsStrands=true}, creates the backend now, before the program's main, so
     * that its shims are in place for the program's first {@code Thread.start()} (a program that
     * never calls pal would otherwise never create it).
     */
    static void startBackendForThreadsAsStrands() {
        if (PalConfig.threadsAsStrands()) {
            io.pal.spi.Backends.active();
        }
    }

    /** Calls {@code main} (from {@link #findMain}) with {@code args} if it takes them. */
    static void invoke(Method main, String[] args) throws ReflectiveOperationException {
        if (main.getParameterCount() == 1) {
            main.invoke(null, (Object) args);
        } else {
            main.invoke(null);
        }
    }

    /** The static {@code main(String[])} of {@code className}, or its static {@code main()}; exits with status 2 naming what is missing. */
    static Method findMain(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            return fail("main class " + className + " is not on the class path");
        }
        for (Class<?>[] params : new Class<?>[][] {{String[].class}, {}}) {
            try {
                Method m = c.getDeclaredMethod("main", params);
                if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class) {
                    m.setAccessible(true);
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        return fail(className + " has no static void main(String[]) or main() method");
    }

    static Method fail(String message) {
        System.err.println("pal: " + message);
        System.exit(2);
        throw new AssertionError("unreachable");
    }
}
