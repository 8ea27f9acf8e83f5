package io.pal.instrument;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shims' cache of rewritten JDK classes, against a fake Instrumentation that runs transformers
 * as the JVM does (retransformation passes the class; a load passes null). The transformation comes
 * from a jar, as a shim's does under the agent (the cache keys on that jar).
 */
class TransformCacheTest {

    private static final String THREAD = "java/lang/Thread";
    private static final String LATER = "java/util/concurrent/locks/ReentrantReadWriteLock";
    /** Rewritten at install, as Thread is, but in a later run not loaded yet when the shim installs. */
    private static final String UNLOADED = "java/util/concurrent/locks/StampedLock";

    @TempDir
    Path tmp;
    /** The jar the transformation is loaded from. */
    private Path jar;
    /** How often the transformation ran. */
    private final AtomicInteger runs = new AtomicInteger();
    private TransformCache cache;

    @BeforeEach
    void setUp() throws Exception {
        jar = rewriterJar();
        cache = new TransformCache(tmp.resolve("cache"));
    }

    /** A first run: records. */
    private FakeInstrumentation record() throws Exception {
        FakeInstrumentation first = new FakeInstrumentation();
        cache.apply("shim", first, rewriter(jar, runs));
        assertEquals(1, runs.get());
        assertEquals(1, files(tmp.resolve("cache")), "one file per shim");
        return first;
    }

    @Test
    void theFirstRunRecordsAndTheSecondReplaysWithoutRunningTheTransformation() throws Exception {
        FakeInstrumentation first = record();
        assertArrayEquals(Rewriter.rewritten(THREAD), first.current(THREAD));

        FakeInstrumentation second = new FakeInstrumentation();
        cache.apply("shim", second, rewriter(jar, runs));
        assertEquals(1, runs.get(), "the replay must not run the transformation");
        assertArrayEquals(Rewriter.rewritten(THREAD), second.current(THREAD), "the replay gives the recorded bytes");
    }

    /**
     * A recorded class that the replaying run has not loaded yet is not loaded for the replay (that
     * was start-up cost: the socket shim's classes in a program with no socket); it gets its recorded
     * bytes when it loads.
     */
    @Test
    void aRecordedClassNotLoadedYetGetsItsBytesWhenItLoads() throws Exception {
        record();
        FakeInstrumentation second = new FakeInstrumentation(Thread.class);
        cache.apply("shim", second, rewriter(jar, runs));
        assertEquals(1, runs.get(), "the replay must not run the transformation");
        assertEquals(List.of(THREAD), second.retransformed, "only the loaded class is retransformed");
        second.load(UNLOADED);
        assertArrayEquals(Rewriter.rewritten(UNLOADED), second.current(UNLOADED), "the later load gets the recorded bytes");
        assertEquals(1, runs.get());
    }

    @Test
    void anotherJarIsNotReplayed() throws Exception {
        record();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        cache.apply("shim", new FakeInstrumentation(), rewriter(jar, runs));
        assertEquals(2, runs.get(), "a rebuilt jar transforms afresh");
    }

    @Test
    void aRewriteAtALaterClassLoadDropsTheRecording() throws Exception {
        FakeInstrumentation first = record();
        first.load(LATER); // the shim's transformer rewrites a class at load: a replay would miss it
        assertArrayEquals(Rewriter.rewritten(LATER), first.current(LATER));
        assertEquals(0, files(tmp.resolve("cache")), "the recording must be dropped");
        cache.apply("shim", new FakeInstrumentation(), rewriter(jar, runs));
        assertEquals(2, runs.get());
    }

    @Test
    void codeOutsideAJarIsNeverCached() {
        cache.apply("shim", new FakeInstrumentation(), new Rewriter(runs)); // from target/test-classes
        cache.apply("shim", new FakeInstrumentation(), new Rewriter(runs));
        assertEquals(2, runs.get());
        assertFalse(Files.exists(tmp.resolve("cache")));
    }

    /** A jar holding the Rewriter classes, so that the cache can key on it. */
    private Path rewriterJar() throws Exception {
        Path jar = tmp.resolve("shim.jar");
        try (OutputStream raw = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(raw)) {
            for (Class<?> c : new Class<?>[] {Rewriter.class, Rewriter.Transformer.class}) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A Rewriter loaded from {@code jar} (its classes name only JDK types, so the platform loader is its parent). */
    @SuppressWarnings("unchecked")
    private static Consumer<Instrumentation> rewriter(Path jar, AtomicInteger runs) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> c = loader.loadClass(Rewriter.class.getName());
        assertTrue(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).equals(jar));
        return (Consumer<Instrumentation>) c.getConstructor(AtomicInteger.class).newInstance(runs);
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".transforms")).count();
        }
    }

    /** A shim's transformation in miniature: rewrites Thread at install (and a lock class whenever it loads). */
    public static final class Rewriter implements Consumer<Instrumentation> {
        private final AtomicInteger runs;

        public Rewriter(AtomicInteger runs) {
            this.runs = runs;
        }

        static byte[] rewritten(String name) {
            return ("rewritten " + name).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void accept(Instrumentation inst) {
            runs.incrementAndGet();
            inst.addTransformer(new Transformer(), true);
            try {
                inst.retransformClasses(Thread.class, java.util.concurrent.locks.StampedLock.class);
            } catch (java.lang.instrument.UnmodifiableClassException e) {
                throw new IllegalStateException(e);
            }
        }

        static final class Transformer implements ClassFileTransformer {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    java.security.ProtectionDomain domain, byte[] bytes) {
                return name.equals(THREAD) || name.equals(UNLOADED) || name.equals(LATER) ? rewritten(name) : null;
            }
        }
    }

    /** Runs retransform-capable transformers as the JVM does, on made-up class bytes. */
    static final class FakeInstrumentation implements Instrumentation {
        private final List<ClassFileTransformer> transformers = new ArrayList<>();
        private final Map<String, byte[]> current = new HashMap<>();
        /** The classes this JVM has loaded, as getAllLoadedClasses lists them. */
        private final Class<?>[] loaded;
        /** Names of the classes retransformed, in order. */
        final List<String> retransformed = new ArrayList<>();

        /** A JVM that has loaded {@code loaded}; by default Thread and the lock the rewriter records. */
        FakeInstrumentation(Class<?>... loaded) {
            this.loaded = loaded.length > 0 ? loaded : new Class<?>[] {Thread.class, java.util.concurrent.locks.StampedLock.class};
        }

        byte[] current(String name) {
            return current.get(name);
        }

        /** A class load: the transformers get null for the class. */
        void load(String name) throws IllegalClassFormatException {
            run(name, null);
        }

        private void run(String name, Class<?> redefined) throws IllegalClassFormatException {
            byte[] bytes = ("original " + name).getBytes(StandardCharsets.UTF_8);
            for (ClassFileTransformer t : List.copyOf(transformers)) {
                byte[] out = t.transform(Object.class.getModule(), null, name, redefined, null, bytes);
                if (out != null) {
                    bytes = out;
                }
            }
            current.put(name, bytes);
        }

        @Override
        public void addTransformer(ClassFileTransformer t, boolean canRetransform) {
            transformers.add(t);
        }

        @Override
        public void addTransformer(ClassFileTransformer t) {
            transformers.add(t);
        }

        @Override
        public boolean removeTransformer(ClassFileTransformer t) {
            return transformers.remove(t);
        }

        @Override
        public boolean isRetransformClassesSupported() {
            return true;
        }

        @Override
        public void retransformClasses(Class<?>... classes) {
            for (Class<?> c : classes) {
                retransformed.add(c.getName().replace('.', '/'));
                try {
                    run(c.getName().replace('.', '/'), c);
                } catch (IllegalClassFormatException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public boolean isRedefineClassesSupported() {
            return false;
        }

        @Override
        public void redefineClasses(ClassDefinition... definitions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isModifiableClass(Class<?> c) {
            return true;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class[] getAllLoadedClasses() {
            return loaded.clone();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class[] getInitiatedClasses(ClassLoader loader) {
            return new Class[0];
        }

        @Override
        public long getObjectSize(Object o) {
            return 16;
        }

        @Override
        public void appendToBootstrapClassLoaderSearch(JarFile jar) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void appendToSystemClassLoaderSearch(JarFile jar) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isNativeMethodPrefixSupported() {
            return false;
        }

        @Override
        public void setNativeMethodPrefix(ClassFileTransformer t, String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void redefineModule(Module module, Set<Module> reads, Map<String, Set<Module>> exports,
                                   Map<String, Set<Module>> opens, Set<Class<?>> uses, Map<Class<?>, List<Class<?>>> provides) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isModifiableModule(Module module) {
            return true;
        }
    }
}
