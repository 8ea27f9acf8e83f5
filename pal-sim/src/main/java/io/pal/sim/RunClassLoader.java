package io.pal.sim;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one explored run: the program's class path, searched before its parent, so
 * that every class found there is defined afresh for the run (its statics start over) even when
 * the parent could load it too, as in a test whose classes are on the JVM's class path. Classes of
 * the JDK ({@code java.*}) always come from the parent.
 */
final class RunClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    RunClassLoader(URL[] classPath, ClassLoader parent) {
        super(classPath, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && !name.startsWith("java.")) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notHere) {
                    // the parent's, below
                }
            }
            if (c == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
