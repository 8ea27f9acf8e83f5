package io.pal.shim.tls;

import io.pal.PalConfigurationException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * The four JDK internals the shim touches, reached by a private lookup into {@code java.lang}:
 * {@code Thread.threadLocals}, {@code Thread.inheritableThreadLocals},
 * {@code ThreadLocal.createInheritedMap(ThreadLocalMap)} and {@code ThreadLocalMap.size()}.
 * A ThreadLocalMap is package-private, so outside java.lang it is typed {@code Object}.
 *
 * <p>Failure is reported lazily. The static initialiser never throws: when {@code java.lang} is
 * not open to this module (or a future JDK renamed a member) it records why, and
 * {@link #requireAccess()} throws a fresh {@link PalConfigurationException} each time it is
 * called, from {@link ThreadLocalContextFactory#create()}, the first use. Rejected: throwing from
 * the initialiser (the first caller would see an ExceptionInInitializerError and every later one
 * a NoClassDefFoundError with the message gone) and from the factory's constructor (ServiceLoader
 * wraps it in a ServiceConfigurationError, and merely listing the factories, as a backend that
 * needs none might, would fail).
 */
final class ThreadFields {

    /** The JVM flag that makes this class work when shim-tls is on the class path. */
    static final String ADD_OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED";

    /** {@code Thread.threadLocals} (a ThreadLocalMap, or null); null if unavailable. Immutable. */
    static final VarHandle THREAD_LOCALS;

    /** {@code Thread.inheritableThreadLocals} (a ThreadLocalMap, or null); null if unavailable. Immutable. */
    static final VarHandle INHERITABLE_THREAD_LOCALS;

    /** {@code ThreadLocal.createInheritedMap}, typed {@code (Object)Object}; null if unavailable. Immutable. */
    private static final MethodHandle CREATE_INHERITED_MAP;

    /** {@code ThreadLocalMap.size()}, typed {@code (Object)int}; null if unavailable. Immutable. */
    private static final MethodHandle MAP_SIZE;

    /** Why the members are unavailable, or null if they are all there. Immutable. */
    private static final String FAILURE;

    /** The exception behind {@link #FAILURE}, or null. Immutable. */
    private static final Throwable FAILURE_CAUSE;

    static {
        VarHandle threadLocals = null;
        VarHandle inheritable = null;
        MethodHandle createInheritedMap = null;
        MethodHandle mapSize = null;
        String failure = null;
        Throwable cause = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> map = lookup.findClass("java.lang.ThreadLocal$ThreadLocalMap");
            threadLocals = lookup.findVarHandle(Thread.class, "threadLocals", map);
            inheritable = lookup.findVarHandle(Thread.class, "inheritableThreadLocals", map);
            createInheritedMap = lookup
                    .findStatic(ThreadLocal.class, "createInheritedMap", MethodType.methodType(map, map))
                    .asType(MethodType.methodType(Object.class, Object.class));
            mapSize = lookup
                    .findVirtual(map, "size", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Object.class));
        } catch (IllegalAccessException | SecurityException e) {
            failure = "shim-tls needs deep access to java.lang to make ThreadLocal strand-local, but "
                    + "java.lang is not open to " + ThreadFields.class.getModule()
                    + ". Start the JVM with " + ADD_OPENS
                    + ", or with =<module name> instead of =ALL-UNNAMED on the module path.";
            cause = e;
        } catch (ReflectiveOperationException e) {
            failure = "shim-tls expects JDK 25's Thread.threadLocals, Thread.inheritableThreadLocals, "
                    + "ThreadLocal.createInheritedMap and ThreadLocalMap.size, but this JDK ("
                    + Runtime.version() + ") lacks one: " + e;
            cause = e;
        }
        THREAD_LOCALS = threadLocals;
        INHERITABLE_THREAD_LOCALS = inheritable;
        CREATE_INHERITED_MAP = createInheritedMap;
        MAP_SIZE = mapSize;
        FAILURE = failure;
        FAILURE_CAUSE = cause;
    }

    private ThreadFields() {
    }

    /** Throws a {@link PalConfigurationException} saying what is missing unless every member was found. */
    static void requireAccess() {
        if (FAILURE != null) {
            throw new PalConfigurationException(FAILURE, FAILURE_CAUSE);
        }
    }

    /**
     * What a new thread started by the current one would inherit from {@code parentMap}, exactly as
     * the Thread constructor computes it: null when the parent has no map or an empty one,
     * otherwise the JDK's own copy, which calls each InheritableThreadLocal's {@code childValue}
     * here, in the spawner. An exception thrown by a {@code childValue} propagates unchanged.
     */
    static Object inheritedCopy(Object parentMap) {
        assert FAILURE == null : FAILURE;
        if (parentMap == null) {
            return null;
        }
        try {
            if ((int) MAP_SIZE.invokeExact(parentMap) == 0) {
                return null;
            }
            return (Object) CREATE_INHERITED_MAP.invokeExact(parentMap);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // childValue declares no checked exception; only a sneaky throw gets here.
            throw new UndeclaredThrowableException(e);
        }
    }
}
