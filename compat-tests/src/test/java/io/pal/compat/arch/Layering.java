package io.pal.compat.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * pal's layering, as ArchUnit rules. The layers, bottom up:
 * <ol>
 *   <li><b>pal-api</b> ({@code io.pal}, {@code io.pal.spi..}, and the feature packages
 *       {@code io.pal.channel..}, {@code io.pal.coroutine..}, {@code io.pal.scope..},
 *       {@code io.pal.group..}): the facade, the SPI and the tools built on them. JDK only, and of
 *       the JDK not {@code java.lang.instrument}: every user's class path has pal-api on it, and agent
 *       plumbing is not for users.</li>
 *   <li><b>pal-instrument</b> ({@code io.pal.instrument..}): the agent's plumbing for shims (its
 *       {@code Instrumentation}, the cache of rewritten JDK classes, bridge classes defined in the
 *       bootstrap loader). pal-api and the JDK only. It holds no hook from a backend to a shim: a
 *       backend may use it as it uses the JDK (the coroutine backend defines its JMX bridge with it),
 *       and still meets shims only through the SPI.</li>
 *   <li><b>backends</b> ({@code io.pal.threads..}, {@code io.pal.coroutines..}, {@code io.pal.sim..}) and <b>shims</b>
 *       ({@code io.pal.shim.<name>..}): each a module of its own that may use pal-api, the JDK and
 *       third-party libraries (jnr, Byte Buddy), but no other pal module: backends and shims meet
 *       only through the SPI (ServiceLoader), so any one can be left off the class path.</li>
 *   <li><b>tooling</b> ({@code io.pal.junit}, whose {@code @Simulate} runs tests on pal-sim) and the <b>test kit</b> ({@code io.pal.compat..}): on top;
 *       nothing in main code may depend on the test kit.</li>
 * </ol>
 * Within pal-api and within each backend, packages do not depend on each other in a cycle: the SPI
 * ({@code io.pal.spi}) names no feature package, and each feature package ({@code io.pal.coroutine},
 * {@code io.pal.group}, ...) declares what a backend may offer it (ADR 0022). The root package
 * {@code io.pal} holds both the types everyone names ({@code Strand}, {@code BackendName}) and the
 * facade over the SPI ({@code Pal}), so it is judged class by class: no cycle may pass through it.
 * The rules are constants so that the real-code checks and the fixture checks (which prove that
 * each rule can fail) use the very same objects.
 */
public final class Layering {

    private Layering() {
    }

    /** pal-api's packages: exactly {@code io.pal}, and its feature packages with any subpackages. */
    static final String[] API = {"io.pal", "io.pal.spi..", "io.pal.channel..", "io.pal.coroutine..", "io.pal.scope..", "io.pal.group.."};
    /** The same roots, for the package-name checks below. */
    private static final String[] API_ROOTS = {"io.pal.spi", "io.pal.channel", "io.pal.coroutine", "io.pal.scope", "io.pal.group"};
    /** pal-instrument's packages. */
    static final String INSTRUMENT = "io.pal.instrument..";
    /** Its root, for the package-name checks below. */
    private static final String INSTRUMENT_ROOT = "io.pal.instrument";
    /** The backend modules' packages. */
    static final String[] BACKENDS = {"io.pal.threads..", "io.pal.coroutines..", "io.pal.sim.."};
    /** Every shim lives below this root, one module per next package segment (net, tls, ...). */
    static final String SHIM_ROOT = "io.pal.shim";
    /** The test kit. */
    static final String COMPAT = "io.pal.compat..";

    public static final ArchRule API_DEPENDS_ON_JDK_ONLY = classes()
            .that().resideInAnyPackage(API)
            .should().onlyDependOnClassesThat().resideInAnyPackage(apiOrJdk())
            .because("pal-api is what every backend and shim builds on: it may need nothing but the JDK");

    public static final ArchRule API_DOES_NOT_INSTRUMENT = noClasses()
            .that().resideInAnyPackage(API)
            .should().dependOnClassesThat().resideInAPackage("java.lang.instrument..")
            .because("agent plumbing (java.lang.instrument) lives in pal-instrument, not in the jar every user depends on");

    public static final ArchRule INSTRUMENT_DEPENDS_ON_API_AND_JDK_ONLY = classes()
            .that().resideInAPackage(INSTRUMENT)
            .should().onlyDependOnClassesThat().resideInAnyPackage(instrumentApiOrJdk())
            .because("pal-instrument sits under the backends and shims: it may need nothing but pal-api and the JDK");

    public static final ArchRule BACKENDS_DEPEND_ON_API_ONLY = classes()
            .that().resideInAnyPackage(BACKENDS)
            .should(dependOnPalOnlyThroughTheApi("io.pal"))
            .because("backends are interchangeable: none may reach into another backend, a shim or pal-junit")
            // pal-coroutines may still be an empty stub; threads alone keeps the rule non-vacuous,
            // which LayeringRulesTest checks separately.
            .allowEmptyShould(true);

    public static final ArchRule SHIMS_DEPEND_ON_API_ONLY = classes()
            .that().resideInAPackage(SHIM_ROOT + "..")
            .should(dependOnPalOnlyThroughTheApi(SHIM_ROOT))
            .because("a shim meets backends only through the SPI, and other shims not at all")
            .allowEmptyShould(true);

    public static final ArchRule SHIMS_CALL_ONLY_THE_HOOKS = noClasses()
            .that().resideInAPackage(SHIM_ROOT + "..")
            .should().dependOnClassesThat().areAssignableTo(io.pal.spi.Backend.class)
            .because("a shim is handed a backend's ShimHooks and calls nothing else of it (ADR 0022)");

    public static final ArchRule MAIN_CODE_DOES_NOT_DEPEND_ON_THE_TEST_KIT = noClasses()
            .that().resideOutsideOfPackage(COMPAT)
            .should().dependOnClassesThat().resideInAPackage(COMPAT)
            .because("compat-tests sits on top of everything; main code must build without it");

    public static final ArchRule NO_PACKAGE_CYCLES = slices()
            .assignedFrom(packagesOfApiAndBackends())
            .should().beFreeOfCycles()
            .because("a cycle between packages is one concept split in two, or a layer that reaches up: "
                    + "the SPI names no feature, and a backend's scheduler knows nothing of strands");

    /** Every rule, for the real-code check. */
    public static final ArchRule[] ALL = {
            API_DEPENDS_ON_JDK_ONLY, API_DOES_NOT_INSTRUMENT, INSTRUMENT_DEPENDS_ON_API_AND_JDK_ONLY, BACKENDS_DEPEND_ON_API_ONLY, SHIMS_DEPEND_ON_API_ONLY,
            SHIMS_CALL_ONLY_THE_HOOKS, MAIN_CODE_DOES_NOT_DEPEND_ON_THE_TEST_KIT, NO_PACKAGE_CYCLES};

    /**
     * The slices {@link #NO_PACKAGE_CYCLES} judges: each of pal-api's feature packages (with its
     * subpackages), each class of the root package {@code io.pal} on its own, and each package of a
     * backend module. Everything else (shims, tooling, the JDK) is left out.
     */
    static SliceAssignment packagesOfApiAndBackends() {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String pkg = c.getPackageName();
                if (pkg.equals("io.pal")) {
                    String top = c.getName();
                    int nested = top.indexOf('$');
                    return SliceIdentifier.of(nested < 0 ? top : top.substring(0, nested));
                }
                for (String root : API_ROOTS) {
                    if (within(pkg, root)) {
                        return SliceIdentifier.of(root);
                    }
                }
                for (String backend : BACKENDS) {
                    if (within(pkg, backend.substring(0, backend.length() - 2))) {
                        return SliceIdentifier.of(pkg);
                    }
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "pal-api's packages (the root package class by class) and each backend's packages";
            }
        };
    }

    /**
     * pal's main code: every {@code io.pal} class on the test class path except test classes (the
     * test kit and its violating fixtures live in {@code target/test-classes}). The modules come in
     * as class directories or jars, depending on how far the reactor has built them.
     */
    public static JavaClasses mainCode() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(Layering::notTestClasses)
                .importPackages("io.pal");
    }

    /** Belt and braces beside DO_NOT_INCLUDE_TESTS: any test-classes directory, whatever the build tool. */
    private static boolean notTestClasses(Location location) {
        return !location.contains("/test-classes/");
    }

    /**
     * "Within io.pal, depend only on pal-api, pal-instrument and your own module." A class's module is the package
     * segment right below {@code root}: {@code io.pal.threads} for root {@code io.pal},
     * {@code io.pal.shim.net} for root {@code io.pal.shim}. Dependencies outside io.pal (the JDK,
     * jnr, Byte Buddy) are not this rule's business.
     */
    static ArchCondition<JavaClass> dependOnPalOnlyThroughTheApi(String root) {
        return new ArchCondition<>("depend on pal only through pal-api (io.pal, io.pal.spi) and pal-instrument, besides their own module") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = moduleOf(item.getPackageName(), root);
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getBaseComponentType().getPackageName();
                    if (isPal(target) && !isApi(target) && !within(target, INSTRUMENT_ROOT) && !within(target, own)) {
                        events.add(SimpleConditionEvent.violated(d,
                                d.getDescription() + " (module " + own + " may use pal only through pal-api and pal-instrument)"));
                    }
                }
            }
        };
    }

    static String moduleOf(String pkg, String root) {
        assert within(pkg, root) && !pkg.equals(root) : pkg + " is not below " + root;
        int end = pkg.indexOf('.', root.length() + 1);
        return end < 0 ? pkg : pkg.substring(0, end);
    }

    private static boolean isPal(String pkg) {
        return within(pkg, "io.pal");
    }

    private static boolean isApi(String pkg) {
        return pkg.equals("io.pal") || java.util.Arrays.stream(API_ROOTS).anyMatch(root -> within(pkg, root));
    }

    private static String[] apiOrJdk() {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(API), java.util.stream.Stream.of("java..", "javax..", "jdk.."))
                .toArray(String[]::new);
    }

    private static String[] instrumentApiOrJdk() {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(apiOrJdk()), java.util.stream.Stream.of(INSTRUMENT))
                .toArray(String[]::new);
    }

    private static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }
}
