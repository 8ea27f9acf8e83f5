/**
 * Run your own JUnit 5 tests on every pal backend: put {@link io.pal.junit.AllBackends} on the class.
 * pal's compatibility test kit is written the same way.
 */
package io.pal.junit;
