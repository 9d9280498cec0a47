package io.jgrad.core.io;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.ShortBuffer;

/**
 * The element types a safetensors header may name, with their sizes in bytes, and how jgrad turns the ones it can
 * load into float32.
 *
 * <p>Every type is known to the reader so that it can check the byte count of any tensor; jgrad loads
 * {@link #F32} as is and converts {@link #F16} and {@link #BF16} (exactly: every value is a float) and
 * {@link #F64} (rounded to the nearest float, as PyTorch's {@code .float()} does). Integer and boolean tensors are
 * rejected rather than silently turned into floats.
 */
enum Dtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    /** Bytes per element. */
    final int size;

    Dtype(int size) {
        this.size = size;
    }

    /** The dtype a header names, or null if the name is not one of the safetensors types. */
    static Dtype named(String name) {
        for (Dtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    boolean loadsAsFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /**
     * Converts {@code count} little-endian elements from {@code source} (a buffer in little-endian order, at the
     * first element) into {@code values[offset ..]}.
     */
    void decode(ByteBuffer source, float[] values, int offset, int count) {
        switch (this) {
            case F32:
                source.asFloatBuffer().get(values, offset, count);
                break;
            case F64:
                DoubleBuffer doubles = source.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    values[offset + i] = (float) doubles.get(i);
                }
                break;
            case F16:
                ShortBuffer halves = source.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    values[offset + i] = halfToFloat(halves.get(i));
                }
                break;
            case BF16:
                // bfloat16 is the top half of a float32: same sign, exponent and the first 7 mantissa bits.
                ShortBuffer bfloats = source.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    values[offset + i] = Float.intBitsToFloat((bfloats.get(i) & 0xffff) << 16);
                }
                break;
            default:
                throw new IllegalStateException(this + " does not load as float");
        }
    }

    /**
     * IEEE 754 binary16 to float: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. Normal numbers move the
     * exponent to float's bias 127 (add 112) and the mantissa to the top of float's 23 bits; subnormals are
     * {@code mantissa * 2^-24}; exponent 31 is infinity or NaN.
     */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
