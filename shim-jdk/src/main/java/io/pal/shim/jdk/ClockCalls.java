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

/**
 * Rewrites every {@code System.nanoTime()} and {@code System.currentTimeMillis()} call in a class
 * into the same call of {@code SimBridge}: one instruction for another, both static and taking
 * nothing, so no frame or stack size changes. A plain ASM visitor rather than Byte Buddy's
 * MemberSubstitution, which fails on a class whose bootstrap arguments hold a field handle (every
 * record's {@code ObjectMethods} bootstrap).
 */
final class ClockCalls implements AsmVisitorWrapper {

    private static final String SYSTEM = "java/lang/System";
    private static final String BRIDGE = "io/pal/shim/jdk/bridge/SimBridge";

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
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        if (opcode == Opcodes.INVOKESTATIC && owner.equals(SYSTEM) && desc.equals("()J")
                                && (method.equals("nanoTime") || method.equals("currentTimeMillis"))) {
                            super.visitMethodInsn(opcode, BRIDGE, method, desc, false);
                        } else {
                            super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                        }
                    }
                };
            }
        };
    }
}
