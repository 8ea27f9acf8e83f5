package io.pal.shim.jdk;

import io.pal.shim.jdk.bridge.SimBridge;
import net.bytebuddy.asm.Advice;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Advice that gives the JDK's random generators and its wall clock the simulated run's seed and
 * clock, inside a run only ({@link SimBridge#inRun}); elsewhere the JDK's bodies run unchanged.
 * Inlined into java.base, so it names only JDK types and the bridge.
 */
final class SimAdvice {

    private SimAdvice() {
    }

    /** {@code new Random()}: reseeded from the run's stream (only Random itself; a subclass may override setSeed). */
    static final class NewRandom {
        @Advice.OnMethodExit
        static void exit(@Advice.This Random self) throws Throwable {
            if (self.getClass() == Random.class && SimBridge.inRun()) {
                self.setSeed(SimBridge.nextSeed());
            }
        }
    }

    /** {@code new SplittableRandom()}: its seed from the run's stream, the golden gamma. */
    static final class NewSplittableRandom {
        @Advice.OnMethodExit
        static void exit(@Advice.FieldValue(value = "seed", readOnly = false) long seed,
                         @Advice.FieldValue(value = "gamma", readOnly = false) long gamma) throws Throwable {
            if (SimBridge.inRun()) {
                seed = SimBridge.nextSeed();
                gamma = 0x9e3779b97f4a7c15L;
            }
        }
    }

    /** {@code ThreadLocalRandom.nextSeed()}, behind every number it draws: the run's stream instead of a per-thread seed. */
    static final class ThreadLocalSeed {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() throws Throwable {
            return SimBridge.inRun();
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean simulated, @Advice.Return(readOnly = false) long seed) throws Throwable {
            if (simulated) {
                seed = SimBridge.nextSeed();
            }
        }
    }

    /** {@code Math.random()} / {@code StrictMath.random()}. */
    static final class MathRandom {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() throws Throwable {
            return SimBridge.inRun();
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean simulated, @Advice.Return(readOnly = false) double value) throws Throwable {
            if (simulated) {
                value = (SimBridge.nextSeed() >>> 11) * 0x1.0p-53;
            }
        }
    }

    /** {@code UUID.randomUUID()}: a version-4 UUID from the run's stream. */
    static final class RandomUuid {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() throws Throwable {
            return SimBridge.inRun();
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean simulated, @Advice.Return(readOnly = false) UUID value) throws Throwable {
            if (simulated) {
                long hi = (SimBridge.nextSeed() & ~0xF000L) | 0x4000L;
                long lo = (SimBridge.nextSeed() & ~(0xC000000000000000L)) | 0x8000000000000000L;
                value = new UUID(hi, lo);
            }
        }
    }

    /** {@code SecureRandom.nextBytes(byte[])}, behind all its numbers: the run's stream. */
    static final class SecureBytes {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) byte[] bytes) throws Throwable {
            if (!SimBridge.inRun()) {
                return false;
            }
            for (int i = 0; i < bytes.length; i += 8) {
                long r = SimBridge.nextSeed();
                for (int j = i; j < Math.min(bytes.length, i + 8); j++) {
                    bytes[j] = (byte) r;
                    r >>>= 8;
                }
            }
            return true;
        }
    }

    /** {@code Clock.currentInstant()}, behind {@code Instant.now()} and {@code Clock.systemUTC().instant()}. */
    static final class CurrentInstant {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() throws Throwable {
            return SimBridge.inRun();
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean simulated, @Advice.Return(readOnly = false) Instant value) throws Throwable {
            if (simulated) {
                value = Instant.ofEpochMilli(SimBridge.currentTimeMillis());
            }
        }
    }

    /**
     * {@code SelectorProvider.provider()}, behind {@code SocketChannel.open()}, {@code ServerSocketChannel.open()}
     * and {@code Selector.open()}: inside a run, the provider of the run's simulated network.
     */
    static final class Provider {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) java.nio.channels.spi.SelectorProvider value) throws Throwable {
            value = SimBridge.selectorProvider(value);
        }
    }

    /** {@code Runtime.exit(int)}, behind {@code System.exit}: the simulation may end only the caller's run. */
    static final class Exit {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) int status) throws Throwable {
            SimBridge.exit(status);
        }
    }

    /** The platform Thread constructor: a non-daemon thread of a run creates non-daemons, as a JVM's main does. */
    static final class NewThread {
        @Advice.OnMethodExit
        static void exit(@Advice.This Thread self) throws Throwable {
            if (self.isDaemon() && SimBridge.createsNonDaemonThreads()) {
                self.setDaemon(false);
            }
        }
    }
}
