package io.pal.compat;

import io.pal.junit.AllBackends;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class of socket tests: run once per backend ({@link AllBackends}), with the socket shim
 * installed ({@link SocketShimInstalled}) and no descriptor left open by any test
 * ({@link NoDescriptorLeft}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@AllBackends
@ExtendWith({SocketShimInstalled.class, NoDescriptorLeft.class})
public @interface SocketSuite {
}
