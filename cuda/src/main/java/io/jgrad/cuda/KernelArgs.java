package io.jgrad.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one kernel launch, in the order of the kernel's parameters: device addresses, 32-bit ints and
 * floats, and small structs of ints passed by value (a {@code Dims}, {@code Strides} or {@code Gemm}).
 * A {@link Device} turns them into whatever its launch call takes.
 *
 * <p>Invariant: each argument has exactly the bytes of its CUDA parameter: 8 for a pointer, 4 for an int or
 * float, 4 per field for a struct (every jgrad struct holds only ints).
 */
final class KernelArgs {
    /** One parameter's value. */
    sealed interface Arg permits Address, Int32, Float32, Struct {
    }

    /** A device pointer, already including any byte offset. */
    record Address(long value) implements Arg {
    }

    record Int32(int value) implements Arg {
    }

    record Float32(float value) implements Arg {
    }

    /** A struct of ints, field by field. */
    record Struct(int[] fields) implements Arg {
    }

    private final List<Arg> args = new ArrayList<>();

    KernelArgs address(long value) {
        args.add(new Address(value));
        return this;
    }

    KernelArgs i32(int value) {
        args.add(new Int32(value));
        return this;
    }

    KernelArgs f32(float value) {
        args.add(new Float32(value));
        return this;
    }

    KernelArgs struct(int[] fields) {
        args.add(new Struct(fields.clone()));
        return this;
    }

    List<Arg> list() {
        return List.copyOf(args);
    }
}
