package io.jgrad.cuda;

import java.io.IOException;
import java.io.InputStream;

/**
 * Every kernel entry point jgrad launches, with the PTX module ({@code src/main/cuda/<module>.cu}) that defines it.
 *
 * <p>Invariant: each {@link #entry} is an {@code extern "C"} function of its module, so the PTX names it
 * unmangled ({@code PtxResourcesTest} checks every one against the committed PTX).
 */
enum Kernel {
    FILL_STRIDED("elementwise", "fill_strided"),
    UNARY_DENSE("elementwise", "unary_dense"),
    UNARY_STRIDED("elementwise", "unary_strided"),
    BINARY_DENSE("elementwise", "binary_dense"),
    BINARY_STRIDED("elementwise", "binary_strided"),
    REDUCE_STRIDED("reduce", "reduce_strided"),
    REDUCE_ROWS_WARP("reduce", "reduce_rows_warp"),
    REDUCE_ROWS_BLOCK("reduce", "reduce_rows_block"),
    ARGMAX_STRIDED("reduce", "argmax_strided"),
    SGEMM_RR("sgemm", "sgemm_rr"),
    SGEMM_RC("sgemm", "sgemm_rc"),
    SGEMM_CR("sgemm", "sgemm_cr"),
    SGEMM_CC("sgemm", "sgemm_cc"),
    SGEMM_STRIDED("sgemm", "sgemm_strided"),
    ADAM_STEP("adam", "adam_step");

    final String module;
    final String entry;

    Kernel(String module, String entry) {
        this.module = module;
        this.entry = entry;
    }

    /** The classpath resource holding a module's PTX, as {@code build-ptx.sh} writes it. */
    static String resource(String module) {
        return "/io/jgrad/cuda/ptx/" + module + ".ptx";
    }

    /** A module's PTX text, from the jar or target/classes. */
    static byte[] ptx(String module) {
        try (InputStream in = Kernel.class.getResourceAsStream(resource(module))) {
            if (in == null) {
                throw new CudaUnavailableException("cuda: the PTX resource " + resource(module)
                        + " is missing from the classpath; rebuild jgrad-cuda (cuda/build-ptx.sh writes it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CudaUnavailableException("cuda: reading " + resource(module) + " failed: " + e, e);
        }
    }
}
