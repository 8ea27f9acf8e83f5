/**
 * Coroutine-local ThreadLocal and InheritableThreadLocal.
 *
 * <p>Inside a raw continuation {@code Thread.currentThread()} is the carrier, so a ThreadLocal read
 * sees the carrier's value, and another one after the coroutine migrates. The plan (issue 3):
 * swap the carrier's {@code threadLocals} and {@code inheritableThreadLocals} fields with the
 * strand's own maps when the strand mounts, and back when it unmounts (a VarHandle; about 5-10 ns
 * a switch, no bytecode rewriting). The JDK's carrier-scoped caches live in another field and stay
 * with the carrier. Inheritable values are copied at spawn. This module holds no code yet.
 */
package io.pal.shim.tls;
