package io.jgrad.cuda;

import io.jgrad.core.BinaryOp;
import io.jgrad.core.Fused;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.UnaryOp;

/**
 * The integer each op has inside the kernels: the {@code UnaryCode}, {@code BinaryCode} (which holds the pointwise
 * {@link Fused} kernels too) and {@code ReduceCode}
 * enums of {@code src/main/cuda/common.cuh}. Ops cross into CUDA as these numbers, never as names or ordinals.
 *
 * <p>Invariant: every code here equals the one in common.cuh ({@code OpCodesTest} reads the header to check);
 * the switches are exhaustive, so a new op does not compile until it has a code.
 */
final class OpCodes {
    /** {@code U_COPY}: the unary kernel as a plain strided copy. */
    static final int COPY = 0;

    private OpCodes() {
    }

    static int of(UnaryOp op) {
        return switch (op) {
            case NEG -> 1;
            case EXP -> 2;
            case LOG -> 3;
            case SQRT -> 4;
            case SQUARE -> 5;
            case ABS -> 6;
            case SIGN -> 7;
            case RELU -> 8;
            case SIGMOID -> 9;
            case TANH -> 10;
            case RECIPROCAL -> 11;
        };
    }

    static int of(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAXIMUM -> 5;
            case MINIMUM -> 6;
            case EQ -> 7;
            case NE -> 8;
            case LT -> 9;
            case LE -> 10;
            case GT -> 11;
            case GE -> 12;
        };
    }

    /** The pointwise {@link Fused} kernels run in the binary kernel, with codes after the primitives'. */
    static int of(Fused.Kernel kernel) {
        return switch (kernel) {
            case SIGMOID_BACKWARD -> 13;
            case RELU_BACKWARD -> 14;
            case BINARY_CROSS_ENTROPY -> 15;
            case BINARY_CROSS_ENTROPY_BACKWARD -> 16;
            case ADAM_STEP -> throw new IllegalArgumentException("ADAM_STEP has a kernel of its own, adam_step");
            case BINARY_CROSS_ENTROPY_SUM ->
                    throw new IllegalArgumentException("BINARY_CROSS_ENTROPY_SUM runs as its terms and then their sum");
        };
    }

    static int of(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
        };
    }
}
