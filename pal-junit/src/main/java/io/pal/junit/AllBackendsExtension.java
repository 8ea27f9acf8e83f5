package io.pal.junit;

import io.pal.BackendName;
import io.pal.spi.Backend;
import io.pal.spi.Backends;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;
import java.util.stream.Stream;

/**
 * The provider behind {@link AllBackends}: one class-template invocation per backend. Around each
 * test it installs that backend with {@link Backends#install} and afterwards puts back the one that
 * was in force, so tests that leave no strands running cannot see each other's backend. On sim
 * each test method runs as the root of a closed simulated run of its own ({@link InSimRun}).
 */
public final class AllBackendsExtension implements ClassTemplateInvocationContextProvider {

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        return backendsToRun().stream().map(OnBackend::new);
    }

    /** The backends a run covers: the one {@code pal.backend} names, or every available one but sim. */
    static List<BackendName> backendsToRun() {
        String chosen = System.getProperty(Backends.PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return List.of(BackendName.parse(chosen.trim()));
        }
        // sim only when named: its tests run a seed at a time, under @Simulate
        return Backends.available().stream().filter(b -> b != BackendName.SIM).toList();
    }

    /** One invocation of the class, on one backend. */
    private record OnBackend(BackendName backend) implements ClassTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + backend.id() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return backend == BackendName.SIM ? List.of(new Installer(backend), new InSimRun()) : List.of(new Installer(backend));
        }
    }

    /** Installs the backend around each test and resolves {@link BackendName} parameters. */
    private static final class Installer implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Installer.class);
        /** The backend this invocation runs on. Immutable. */
        private final BackendName backend;

        Installer(BackendName backend) {
            this.backend = backend;
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            Backend previous = Backends.install(Backends.get(backend));
            context.getStore(NS).put("previous", previous == null ? Backends.get(backend) : previous);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            Backend previous = context.getStore(NS).remove("previous", Backend.class);
            if (previous != null) {
                Backends.install(previous);
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == BackendName.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return backend;
        }
    }
}
