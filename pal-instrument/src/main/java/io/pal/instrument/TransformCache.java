package io.pal.instrument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarFile;

/**
 * The JDK classes a shim rewrote in an earlier run of the same agent jar on the same JDK, kept on
 * disk and replayed, so that later runs start without loading a bytecode library at all (its
 * classes and the analysis of every advised class are most of a shim's start-up cost; see ADR 0011).
 *
 * <h2>Protocol ({@link #apply})</h2>
 * <ol>
 *   <li>If the cache file of this shim holds this run's key (the jar of the shim's code; the JDK's
 *       class image and version): add a retransforming transformer that answers each cached class
 *       with its recorded bytes, whether it is retransformed now or loaded later; retransform the
 *       cached classes that are loaded already, and stop. A cached class not loaded yet is not
 *       loaded for the replay: it gets its recorded bytes when the program first loads it, and a
 *       program that never opens a socket never loads the socket classes (ADR 0021). (The bytes a
 *       JVM hands a transformer for a loaded class are rebuilt from its internal form and vary with
 *       what ran before, so the key, not those bytes, says that a class is the one recorded.)</li>
 *   <li>Otherwise run the shim's own transformation on an {@link Instrumentation} that records what
 *       each of its transformers returns for an already loaded class, and write the records.</li>
 *   <li>A class the shim's transformers rewrite later, while loading (so not covered by a replay),
 *       deletes the file: such a shim is never replayed.</li>
 * </ol>
 * A shim's transformation may be replayed only if it is a pure function of the class bytes (no
 * state generated per run), which holds for inlined advice and member substitution.
 */
public final class TransformCache {

    private static final int FORMAT = 2;

    /** Where the files go. Immutable. */
    private final Path dir;

    /** A cache in {@code dir}. */
    public TransformCache(Path dir) {
        this.dir = dir;
    }

    /**
     * What a file must say to be replayed: the jar the transformation's code comes from and this JDK
     * (each by path, size and modification time), or null if the code is not in a jar (a build's
     * class directory, which has no cheap identity): then nothing is cached.
     */
    private static String key(Class<?> code) {
        // java.io.File and StringBuilder, not java.nio.file and string concatenation: this runs while
        // the backend starts, and those would load and spin classes nothing else needs yet (ADR 0021)
        try {
            var source = code.getProtectionDomain().getCodeSource();
            File jar = source == null ? null : new File(source.getLocation().toURI());
            if (jar == null || !jar.isFile()) {
                return null;
            }
            File image = new File(new File(System.getProperty("java.home"), "lib"), "modules");
            StringBuilder key = new StringBuilder();
            identity(jar, key).append('|');
            return identity(image, key).append('|').append(System.getProperty("java.vm.version")).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static StringBuilder identity(File file, StringBuilder key) {
        return key.append(file.getAbsolutePath()).append(':').append(file.length()).append(':').append(file.lastModified());
    }

    /**
     * Runs {@code transformation} (a shim's rewriting of JDK classes through the instrumentation it
     * is given) or replays what it did in an earlier run. A cache that cannot be read or written
     * is ignored: the transformation then runs as without one.
     */
    public void apply(String shim, Instrumentation inst, Consumer<Instrumentation> transformation) {
        String key = key(transformation.getClass());
        if (key == null) {
            transformation.accept(inst);
            return;
        }
        Path file = dir.resolve(new StringBuilder(shim).append('-').append(Integer.toHexString(key.hashCode()))
                .append(".transforms").toString());
        if (replay(file, key, inst)) {
            return;
        }
        Recorder recorder = new Recorder(file);
        transformation.accept(recorder.wrap(inst));
        recorder.write(key);
    }

    private static boolean replay(Path file, String key, Instrumentation inst) {
        Map<String, Entry> entries = read(file, key);
        if (entries == null) {
            return false;
        }
        Replayer replayer = new Replayer(entries);
        inst.addTransformer(replayer, true); // from here on, a cached class that loads gets its recorded bytes
        java.util.Set<String> binaryNames = new java.util.HashSet<>(); // java.lang.Thread, as Class.getName says
        for (String internal : entries.keySet()) {
            binaryNames.add(internal.replace('/', '.'));
        }
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) { // a class loading now may be listed too: retransformed twice, same bytes
            if (c.getClassLoader() == null && binaryNames.contains(c.getName())) {
                classes.add(c);
            }
        }
        if (!classes.isEmpty()) {
            try {
                inst.retransformClasses(classes.toArray(new Class<?>[0]));
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                replayer.missed = true;
            }
        }
        if (!replayer.missed && replayer.hits == classes.size()) {
            return true;
        }
        inst.removeTransformer(replayer);
        try {
            inst.retransformClasses(classes.toArray(new Class<?>[0])); // back to the JDK's bytes
        } catch (UnmodifiableClassException e) {
            throw new IllegalStateException("inconsistent state: a class pal just retransformed is unmodifiable", e);
        }
        return false;
    }

    private static Map<String, Entry> read(Path file, String key) {
        try (InputStream raw = new java.io.BufferedInputStream(new java.io.FileInputStream(file.toFile()));
             DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != FORMAT || !in.readUTF().equals(key)) {
                return null;
            }
            Map<String, Entry> entries = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                String name = in.readUTF();
                byte[] bytes = in.readNBytes(in.readInt());
                entries.put(name, new Entry(bytes));
            }
            return entries.isEmpty() ? null : entries;
        } catch (IOException | RuntimeException e) {
            return null; // absent, partly written or from another format: transform afresh
        }
    }

    private record Entry(byte[] output) {
    }

    /** Answers each cached class with its recorded bytes, at a retransformation or at its first load. */
    private static final class Replayer implements ClassFileTransformer {
        private final Map<String, Entry> entries;
        /** Classes answered at the replay's retransformation; written by the retransforming thread only (retransformClasses is synchronous). */
        int hits;
        /** Set when the retransformation failed. */
        boolean missed;

        Replayer(Map<String, Entry> entries) {
            this.entries = entries;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                ProtectionDomain domain, byte[] bytes) {
            Entry e = loader == null ? entries.get(name) : null;
            if (e == null) {
                return null;
            }
            if (redefined != null) {
                hits++;
            }
            return e.output.clone();
        }
    }

    /** Records what a shim's transformers return for already loaded bootstrap classes. */
    private static final class Recorder {
        private final Path file;
        /** Written by whichever thread retransforms; the map is synchronized. */
        private final Map<String, Entry> entries = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        /** Set once a transformer rewrote a class while it loaded, or one outside the boot loader. */
        private volatile boolean unreplayable;
        private volatile boolean written;

        Recorder(Path file) {
            this.file = file;
        }

        ClassFileTransformer record(ClassFileTransformer t) {
            return new ClassFileTransformer() {
                @Override
                public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                        ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
                    byte[] out = t.transform(module, loader, name, redefined, domain, bytes);
                    if (out != null) {
                        if (redefined == null || loader != null) {
                            unreplayable = true;
                            if (written) {
                                delete();
                            }
                        } else {
                            entries.put(name, new Entry(out.clone()));
                        }
                    }
                    return out;
                }
            };
        }

        void write(String key) {
            if (unreplayable || entries.isEmpty()) {
                return;
            }
            try {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
                try (OutputStream raw = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(raw)) {
                    out.writeInt(FORMAT);
                    out.writeUTF(key);
                    synchronized (entries) {
                        out.writeInt(entries.size());
                        for (Map.Entry<String, Entry> e : entries.entrySet()) {
                            out.writeUTF(e.getKey());
                            out.writeInt(e.getValue().output.length);
                            out.write(e.getValue().output);
                        }
                    }
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written = true;
            } catch (IOException | RuntimeException e) {
                // a read-only or full disk: every run transforms afresh
            }
        }

        private void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the key still guards it; at worst a later run replays a shim that also needs load-time work
            }
        }

        Instrumentation wrap(Instrumentation inst) {
            return new Instrumentation() {
                private final Map<ClassFileTransformer, ClassFileTransformer> wrapped =
                        java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

                @Override
                public void addTransformer(ClassFileTransformer t, boolean canRetransform) {
                    ClassFileTransformer w = record(t);
                    wrapped.put(t, w);
                    inst.addTransformer(w, canRetransform);
                }

                @Override
                public void addTransformer(ClassFileTransformer t) {
                    addTransformer(t, false);
                }

                @Override
                public boolean removeTransformer(ClassFileTransformer t) {
                    ClassFileTransformer w = wrapped.remove(t);
                    return w != null && inst.removeTransformer(w);
                }

                @Override
                public boolean isRetransformClassesSupported() {
                    return inst.isRetransformClassesSupported();
                }

                @Override
                public void retransformClasses(Class<?>... classes) throws UnmodifiableClassException {
                    inst.retransformClasses(classes);
                }

                @Override
                public boolean isRedefineClassesSupported() {
                    return inst.isRedefineClassesSupported();
                }

                @Override
                public void redefineClasses(ClassDefinition... definitions) throws ClassNotFoundException, UnmodifiableClassException {
                    unreplayable = true; // bytes that do not pass through a transformer
                    inst.redefineClasses(definitions);
                }

                @Override
                public boolean isModifiableClass(Class<?> c) {
                    return inst.isModifiableClass(c);
                }

                @Override
                @SuppressWarnings("rawtypes")
                public Class[] getAllLoadedClasses() {
                    return inst.getAllLoadedClasses();
                }

                @Override
                @SuppressWarnings("rawtypes")
                public Class[] getInitiatedClasses(ClassLoader loader) {
                    return inst.getInitiatedClasses(loader);
                }

                @Override
                public long getObjectSize(Object o) {
                    return inst.getObjectSize(o);
                }

                @Override
                public void appendToBootstrapClassLoaderSearch(JarFile jar) {
                    unreplayable = true;
                    inst.appendToBootstrapClassLoaderSearch(jar);
                }

                @Override
                public void appendToSystemClassLoaderSearch(JarFile jar) {
                    unreplayable = true;
                    inst.appendToSystemClassLoaderSearch(jar);
                }

                @Override
                public boolean isNativeMethodPrefixSupported() {
                    return inst.isNativeMethodPrefixSupported();
                }

                @Override
                public void setNativeMethodPrefix(ClassFileTransformer t, String prefix) {
                    unreplayable = true;
                    inst.setNativeMethodPrefix(wrapped.getOrDefault(t, t), prefix);
                }

                @Override
                public void redefineModule(Module module, java.util.Set<Module> reads, Map<String, java.util.Set<Module>> exports,
                                           Map<String, java.util.Set<Module>> opens, java.util.Set<Class<?>> uses,
                                           Map<Class<?>, List<Class<?>>> provides) {
                    unreplayable = true; // module edits are not replayed
                    inst.redefineModule(module, reads, exports, opens, uses, provides);
                }

                @Override
                public boolean isModifiableModule(Module module) {
                    return inst.isModifiableModule(module);
                }
            };
        }
    }
}
