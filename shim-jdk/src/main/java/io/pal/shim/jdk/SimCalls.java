package io.pal.shim.jdk;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

/**
 * Rewrites a class for the simulation, in two parts:
 * <ol>
 *   <li>every {@code System.nanoTime()} and {@code System.currentTimeMillis()} call becomes the same
 *       call of {@code SimBridge}: one static no-argument call for another, so no frame or stack
 *       size changes;</li>
 *   <li>with {@code schedulingPoints} (the program's classes, not the JDK's): a call of
 *       {@code SimBridge.schedulingPoint()} before every {@code monitorenter}, after every
 *       {@code monitorexit}, and before every call of a method of a
 *       {@code java.util.concurrent.atomic} class, of {@code VarHandle}, or of a j.u.c. lock's
 *       lock, tryLock and unlock. Each takes nothing and leaves nothing on the operand stack, so
 *       the stack at the original instruction is unchanged; the frame's max stack is unchanged too.
 *       There a run may switch to another strand, so that two non-blocking paths can interleave.
 *       A {@code Thread.onSpinWait()} call becomes {@code SimBridge.onSpinWait()}: a scheduling
 *       point that tells the run the caller is spinning; a {@code Thread.yield()} call becomes
 *       {@code SimBridge.onYield()}: one that tells the run the caller waits for another strand.</li>
 * </ol>
 * A plain ASM visitor rather than Byte Buddy's MemberSubstitution, which fails on a class whose
 * bootstrap arguments hold a field handle (every record's {@code ObjectMethods} bootstrap).
 */
final class SimCalls implements AsmVisitorWrapper {

    private static final String SYSTEM = "java/lang/System";
    private static final String BRIDGE = "io/pal/shim/jdk/bridge/SimBridge";
    private static final String POINT = "schedulingPoint";
    /** The lock classes whose lock, tryLock, lockInterruptibly and unlock are scheduling points. */
    private static final Set<String> LOCKS = Set.of("java/util/concurrent/locks/Lock",
            "java/util/concurrent/locks/ReentrantLock", "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock", "java/util/concurrent/locks/StampedLock");
    private static final Set<String> LOCK_METHODS = Set.of("lock", "tryLock", "lockInterruptibly", "unlock",
            "writeLock", "readLock", "tryOptimisticRead", "validate", "unlockWrite", "unlockRead");

    /** Whether to add scheduling points, or only rewrite clock calls. Immutable. */
    private final boolean schedulingPoints;

    SimCalls(boolean schedulingPoints) {
        this.schedulingPoints = schedulingPoints;
    }

    @Override
    public int mergeWriter(int flags) {
        return flags;
    }

    @Override
    public int mergeReader(int flags) {
        return flags;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor, Implementation.Context context,
                             TypePool typePool, FieldList<FieldDescription.InDefinedShape> fields,
                             MethodList<?> methods, int writerFlags, int readerFlags) {
        return new ClassVisitor(Opcodes.ASM9, classVisitor) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new Rewriter(super.visitMethod(access, name, descriptor, signature, exceptions), schedulingPoints);
            }
        };
    }

    private static final class Rewriter extends MethodVisitor {
        private final boolean points;

        Rewriter(MethodVisitor next, boolean points) {
            super(Opcodes.ASM9, next);
            this.points = points;
        }

        private void point() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, POINT, "()V", false);
        }

        @Override
        public void visitInsn(int opcode) {
            if (points && opcode == Opcodes.MONITORENTER) {
                point();
            }
            super.visitInsn(opcode);
            if (points && opcode == Opcodes.MONITOREXIT) {
                point();
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals(SYSTEM) && desc.equals("()J")
                    && (method.equals("nanoTime") || method.equals("currentTimeMillis"))) {
                super.visitMethodInsn(opcode, BRIDGE, method, desc, false);
                return;
            }
            if (points && opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/Thread") && desc.equals("()V")
                    && (method.equals("onSpinWait") || method.equals("yield"))) {
                super.visitMethodInsn(opcode, BRIDGE, method.equals("yield") ? "onYield" : method, desc, false);
                return;
            }
            if (points && (owner.startsWith("java/util/concurrent/atomic/") && !method.equals("<init>")
                    || owner.equals("java/lang/invoke/VarHandle") && opcode == Opcodes.INVOKEVIRTUAL
                    || LOCKS.contains(owner) && LOCK_METHODS.contains(method))) {
                point();
            }
            super.visitMethodInsn(opcode, owner, method, desc, isInterface);
        }
    }
}
