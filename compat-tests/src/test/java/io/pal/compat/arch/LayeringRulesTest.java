package io.pal.compat.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.pal.compat.fixtures.FixtureClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering rules hold for pal's main code, and each of them can fail: checked against the
 * deliberately violating fixtures (compat-tests/src/test/java/io/pal/compat/fixtures, compiled into
 * the packages whose rule they break), it throws an AssertionError that names the violation.
 * Backend-independent, so it runs once (the threads execution), not once per backend.
 */
@Tag("once")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class LayeringRulesTest {

    private JavaClasses main;

    @BeforeAll
    void importMainCode() {
        main = Layering.mainCode();
    }

    /** Guards every real-code check below against passing vacuously on an import that found nothing. */
    @Test
    void theRealCodeImportHoldsEveryBuiltModuleAndNoTestClasses() {
        Set<String> packages = main.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        for (String expected : new String[] {"io.pal", "io.pal.spi", "io.pal.instrument", "io.pal.threads", "io.pal.sim", "io.pal.junit"}) {
            assertTrue(packages.contains(expected), "no classes of " + expected + " imported; got " + packages);
        }
        for (JavaClass c : main) {
            assertFalse(c.getPackageName().startsWith("io.pal.compat"), "a test-kit class was imported as main code: " + c);
            assertFalse(c.getPackageName().contains("fixture"), "a fixture was imported as main code: " + c);
        }
    }

    @Test
    void realCodeFollowsEveryRule() {
        for (ArchRule rule : Layering.ALL) {
            assertDoesNotThrow(() -> rule.check(main), rule.getDescription());
        }
    }

    @Test
    void apiRuleCanFail() {
        assertDoesNotThrow(() -> Layering.API_DEPENDS_ON_JDK_ONLY.check(main));
        assertViolation(Layering.API_DEPENDS_ON_JDK_ONLY, FixtureClasses.API_DEPENDS_ON_A_BACKEND,
                "io.pal.spi.fixture.ApiDependsOnABackend", "io.pal.threads.ThreadsProvider");
    }

    @Test
    void apiInstrumentationRuleCanFail() {
        assertDoesNotThrow(() -> Layering.API_DOES_NOT_INSTRUMENT.check(main));
        assertViolation(Layering.API_DOES_NOT_INSTRUMENT, FixtureClasses.API_USES_INSTRUMENTATION,
                "io.pal.spi.fixture.ApiUsesInstrumentation", "java.lang.instrument.Instrumentation");
    }

    @Test
    void instrumentRuleCanFail() {
        assertDoesNotThrow(() -> Layering.INSTRUMENT_DEPENDS_ON_API_AND_JDK_ONLY.check(main));
        assertViolation(Layering.INSTRUMENT_DEPENDS_ON_API_AND_JDK_ONLY, FixtureClasses.INSTRUMENT_DEPENDS_ON_A_SHIM,
                "io.pal.instrument.fixture.InstrumentDependsOnAShim", "io.pal.shim.fixturea.ShimDependsOnABackend");
    }

    @Test
    void backendRuleCanFailOnAnotherBackend() {
        assertDoesNotThrow(() -> Layering.BACKENDS_DEPEND_ON_API_ONLY.check(main));
        assertViolation(Layering.BACKENDS_DEPEND_ON_API_ONLY, FixtureClasses.BACKEND_DEPENDS_ON_ANOTHER_BACKEND,
                "io.pal.coroutines.fixture.BackendDependsOnAnotherBackend", "io.pal.threads.ThreadsProvider");
    }

    @Test
    void backendRuleCanFailOnPalJunit() {
        assertViolation(Layering.BACKENDS_DEPEND_ON_API_ONLY, FixtureClasses.BACKEND_DEPENDS_ON_JUNIT,
                "io.pal.threads.fixture.BackendDependsOnJunit", "io.pal.junit.AllBackendsExtension");
    }

    @Test
    void backendRuleCanFailOnAShim() {
        assertViolation(Layering.BACKENDS_DEPEND_ON_API_ONLY, FixtureClasses.BACKEND_DEPENDS_ON_A_SHIM,
                "io.pal.threads.fixture.BackendDependsOnAShim", "io.pal.shim.fixturea.ShimDependsOnABackend");
    }

    @Test
    void shimRuleCanFailOnABackend() {
        assertDoesNotThrow(() -> Layering.SHIMS_DEPEND_ON_API_ONLY.check(main));
        assertViolation(Layering.SHIMS_DEPEND_ON_API_ONLY, FixtureClasses.SHIM_DEPENDS_ON_A_BACKEND,
                "io.pal.shim.fixturea.ShimDependsOnABackend", "io.pal.threads.ThreadsProvider");
    }

    @Test
    void shimRuleCanFailOnAnotherShim() {
        assertViolation(Layering.SHIMS_DEPEND_ON_API_ONLY, FixtureClasses.SHIM_DEPENDS_ON_ANOTHER_SHIM,
                "io.pal.shim.fixtureb.ShimDependsOnAnotherShim", "io.pal.shim.fixturea.ShimDependsOnABackend");
    }

    @Test
    void hooksRuleCanFail() {
        assertDoesNotThrow(() -> Layering.SHIMS_CALL_ONLY_THE_HOOKS.check(main));
        assertViolation(Layering.SHIMS_CALL_ONLY_THE_HOOKS, FixtureClasses.SHIM_CALLS_THE_BACKEND,
                "io.pal.shim.fixturea.ShimCallsTheBackend", "io.pal.spi.Backend");
    }

    @Test
    void testKitRuleCanFail() {
        assertDoesNotThrow(() -> Layering.MAIN_CODE_DOES_NOT_DEPEND_ON_THE_TEST_KIT.check(main));
        assertViolation(Layering.MAIN_CODE_DOES_NOT_DEPEND_ON_THE_TEST_KIT, FixtureClasses.MAIN_DEPENDS_ON_THE_TEST_KIT,
                "io.pal.junit.fixture.MainCodeDependsOnTheTestKit", "io.pal.compat.arch.Layering");
    }

    @Test
    void cycleRuleCanFail() {
        assertDoesNotThrow(() -> Layering.NO_PACKAGE_CYCLES.check(main));
        AssertionError e = assertThrows(AssertionError.class,
                () -> Layering.NO_PACKAGE_CYCLES.check(new ClassFileImporter().importClasses(FixtureClasses.API_PACKAGE_CYCLE)));
        assertTrue(e.getMessage().contains("io.pal.spi.fixture.SpiNamesAFeature") && e.getMessage().contains("io.pal.coroutine.fixture.FeatureNamesTheSpi"),
                "the violation message does not name both classes of the cycle:\n" + e.getMessage());
    }

    /** The cycle rule judges the root package class by class: a type the SPI names and the facade over the SPI share it without a cycle. */
    @Test
    void theRootPackageIsJudgedClassByClass() {
        JavaClasses rootAndSpi = new ClassFileImporter().importClasses(io.pal.Pal.class, io.pal.Strand.class, io.pal.spi.Completion.class);
        assertDoesNotThrow(() -> Layering.NO_PACKAGE_CYCLES.check(rootAndSpi));
    }

    /** The backend rule's notion of "own module" is right: a backend may use itself and pal-api. */
    @Test
    void aModulesOwnClassesAndTheApiAreAllowed() {
        JavaClasses own = new ClassFileImporter().importClasses(FixtureClasses.ALLOWED);
        assertDoesNotThrow(() -> Layering.BACKENDS_DEPEND_ON_API_ONLY.check(own));
        assertDoesNotThrow(() -> Layering.MAIN_CODE_DOES_NOT_DEPEND_ON_THE_TEST_KIT.check(own));
        JavaClasses shim = new ClassFileImporter().importClasses(FixtureClasses.ALLOWED_SHIM);
        assertDoesNotThrow(() -> Layering.SHIMS_DEPEND_ON_API_ONLY.check(shim));
        assertDoesNotThrow(() -> Layering.SHIMS_CALL_ONLY_THE_HOOKS.check(shim));
    }

    private static void assertViolation(ArchRule rule, Class<?> fixture, String... named) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixture);
        AssertionError e = assertThrows(AssertionError.class, () -> rule.check(classes),
                "rule did not fail on " + fixture.getName() + ": " + rule.getDescription());
        for (String n : named) {
            assertTrue(e.getMessage().contains(n), "the violation message does not name " + n + ":\n" + e.getMessage());
        }
    }
}
