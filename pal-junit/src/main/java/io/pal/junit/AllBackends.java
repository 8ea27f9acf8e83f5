package io.pal.junit;

import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs every test of the annotated class once per pal backend, each run under its own display
 * name ({@code [threads]}, {@code [virtual]}, {@code [coroutines]}).
 *
 * <p>Which backends: if {@code -Dpal.backend} is set, that one only (so a build can run the suite
 * once per backend in separate JVMs, with the system property really doing the swapping);
 * otherwise every backend available on the class path except {@code sim}, whose runs are one seed
 * each ({@link Simulate}). A test may take a {@link io.pal.BackendName}
 * parameter to learn which one it runs on.
 *
 * <pre>{@code
 * @AllBackends
 * class MyServiceTest {
 *     @Test void handlesTwoClients() { ... Pal.spawn(...) ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ClassTemplate
@ExtendWith(AllBackendsExtension.class)
public @interface AllBackends {
}
