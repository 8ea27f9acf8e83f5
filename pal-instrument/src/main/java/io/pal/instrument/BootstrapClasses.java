package io.pal.instrument;

import io.pal.PalConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;

/**
 * For shims: defines a small bridge class in the bootstrap class loader, so that advice inlined
 * into java.base can call it. The class is read from the shim's own class path and defined with
 * the JDK's {@code ClassLoader.defineClass1} (reached through {@code --add-opens
 * java.base/java.lang}, a flag pal needs anyway), not by appending a jar to the bootstrap search
 * path, which would leave a file behind per run and make the JVM warn that class data sharing is
 * off. The bridge must name only JDK types, since the bootstrap loader sees nothing else.
 *
 * <p>When {@code jdk.internal.misc} is exported to pal (pal's agent exports it) the class is defined
 * with {@code jdk.internal.misc.Unsafe.defineClass}, a plain call; otherwise through a method handle
 * on {@code defineClass1}, whose first call spins method-handle classes (a few milliseconds at
 * start-up, ADR 0025).
 */
public final class BootstrapClasses {

    private BootstrapClasses() {
    }

    /**
     * The class {@code name} in the bootstrap loader, defining it from {@code from}'s class path
     * first if it is not there yet. Idempotent and thread-safe (a racing definition is resolved by
     * taking the class that won).
     *
     * @throws PalConfigurationException the class cannot be read, or java.lang is not open to pal
     */
    public static synchronized Class<?> define(String name, ClassLoader from) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException notYet) {
            // define it below
        }
        byte[] bytes;
        try (InputStream in = from.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new PalConfigurationException("pal's bridge class " + name + " is not on the class path");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new PalConfigurationException("pal could not read its bridge class " + name, e);
        }
        if (Object.class.getModule().isExported("jdk.internal.misc", BootstrapClasses.class.getModule())) {
            return jdk.internal.misc.Unsafe.getUnsafe().defineClass(name, bytes, 0, bytes.length, null, null);
        }
        try {
            MethodHandle define = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup())
                    .findStatic(ClassLoader.class, "defineClass1", MethodType.methodType(Class.class,
                            ClassLoader.class, String.class, byte[].class, int.class, int.class,
                            ProtectionDomain.class, String.class));
            return (Class<?>) define.invokeExact((ClassLoader) null, name, bytes, 0, bytes.length,
                    (ProtectionDomain) null, (String) null);
        } catch (IllegalAccessException e) {
            throw new PalConfigurationException("pal cannot define its bridge class " + name + " in the bootstrap loader: "
                    + "start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED (bin/pal adds it)", e);
        } catch (Throwable e) {
            throw new PalConfigurationException("pal could not define its bridge class " + name + " in the bootstrap loader", e);
        }
    }
}
