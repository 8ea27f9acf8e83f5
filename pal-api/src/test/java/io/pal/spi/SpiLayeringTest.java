package io.pal.spi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.pal.Pal;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SPI, and what its defaults build (the portable coroutine), never reach the facade
 * {@link Pal}: the facade calls the backend in force, while a backend's code must act on the
 * backend it belongs to. That was the one import cycle in pal-api (Pal -> Backend -> HandoffCoroutine
 * -> Pal), and this rule keeps it broken.
 */
class SpiLayeringTest {

    static final ArchRule SPI_DOES_NOT_CALL_THE_FACADE = noClasses()
            .that().resideInAnyPackage("io.pal.spi..", "io.pal.coroutine..")
            .should().dependOnClassesThat().areAssignableTo(Pal.class)
            .because("the SPI acts on its own backend; the facade acts on the active one");

    @Test
    void theSpiDoesNotDependOnTheFacade() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.pal");
        assertTrue(main.contain(Backend.class) && main.contain(io.pal.coroutine.HandoffCoroutine.class),
                "the import found pal-api's main classes");
        SPI_DOES_NOT_CALL_THE_FACADE.check(main);
    }

    @Test
    void theRuleFailsOnAnSpiClassThatCallsTheFacade() {
        JavaClasses fixture = new ClassFileImporter().importClasses(FacadeCallingFixture.class, Pal.class);
        AssertionError e = assertThrows(AssertionError.class, () -> SPI_DOES_NOT_CALL_THE_FACADE.check(fixture));
        assertTrue(e.getMessage().contains(FacadeCallingFixture.class.getName()), e.getMessage());
    }

    /** Breaks the rule on purpose (it lives in io.pal.spi): the rule must catch it. */
    static final class FacadeCallingFixture {
        Object current() {
            return Pal.current();
        }
    }
}
