/**
 * {@code pal.threadsAsStrands=true}: unmodified programs that start threads ({@code new Thread(..).start()},
 * {@code Thread.ofPlatform().start(..)}, the Executors' default thread factories) run on the active
 * backend. On coroutines each such thread is a strand whose current thread is the program's own
 * Thread object; on threads and virtual they stay platform threads. These tests run only in the
 * surefire executions that set the property ({@code threads-tas}, {@code virtual-tas},
 * {@code coroutines-tas} in compat-tests' pom), once per backend.
 */
package io.pal.compat.threadsasstrands;
