package io.pal.shim.tls;

import io.pal.spi.StrandContext;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ServiceRegistrationTest {

    @Test
    void serviceLoaderFindsTheFactory() {
        var factories = ServiceLoader.load(StrandContext.Factory.class).stream().map(ServiceLoader.Provider::get).toList();
        assertEquals(1, factories.size(), factories.toString());
        assertInstanceOf(ThreadLocalContext.class, factories.getFirst().create());
    }
}
