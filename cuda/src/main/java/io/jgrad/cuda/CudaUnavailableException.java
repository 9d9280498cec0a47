package io.jgrad.cuda;

/**
 * Thrown by {@link CudaBackend#open()} when this machine cannot run jgrad's kernels. The message is one line that
 * says what was found and what is needed, ready to print as it is; the backend never falls back to the CPU.
 *
 * <p>Invariant: the message starts with {@code "cuda: "}, holds no line breaks, and ends by naming a way forward.
 */
public final class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What every machine needs, quoted by each message. */
    static final String NEEDS = "jgrad's CUDA backend needs an NVIDIA GPU with driver >= 580 (CUDA 13)";
    static final String USE_CPU = "Use --device cpu.";

    CudaUnavailableException(String message) {
        super(oneLine(message));
    }

    CudaUnavailableException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** JCuda's native library would not load: usually because libcuda.so.1, the driver, is not installed. */
    static CudaUnavailableException nativeLibrary(Throwable error) {
        String detail = String.valueOf(error.getMessage());
        if (detail.contains("libcuda.so")) {
            return new CudaUnavailableException("cuda: no CUDA driver found (libcuda.so.1 could not be loaded); "
                    + NEEDS + ". " + USE_CPU, error);
        }
        return new CudaUnavailableException("cuda: JCuda's native library could not be loaded on "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (" + firstLine(detail)
                + "); " + NEEDS + " on Linux or Windows, x86-64. " + USE_CPU, error);
    }

    /** A driver call failed while opening the device; {@code result} is the CUresult name. */
    static CudaUnavailableException driverCall(String call, String result, Throwable cause) {
        if (result.contains("CUDA_ERROR_NO_DEVICE")) {
            return new CudaUnavailableException("cuda: the CUDA driver is installed but found no GPU (" + call
                    + ": " + result + "); " + NEEDS + ". " + USE_CPU, cause);
        }
        return new CudaUnavailableException("cuda: " + call + " failed with " + result + "; " + NEEDS + ". "
                + USE_CPU, cause);
    }

    /** The driver is older than CUDA 13, so it cannot JIT-compile PTX ISA 9.0. */
    static CudaUnavailableException driverTooOld(int driverVersion) {
        return new CudaUnavailableException("cuda: the NVIDIA driver supports CUDA " + driverVersion / 1000 + "."
                + driverVersion % 1000 / 10 + ", but jgrad's kernels are PTX from CUDA 13 (ISA 9.0); "
                + NEEDS + ". Update the driver, or use --device cpu.");
    }

    /** The GPU predates the PTX target (compute_75, Turing). */
    static CudaUnavailableException gpuTooOld(String name, int major, int minor) {
        return new CudaUnavailableException("cuda: " + name + " has compute capability " + major + "." + minor
                + ", but jgrad's kernels are built for 7.5 (Turing) or newer. " + USE_CPU);
    }

    /** The driver would not load a PTX module, typically CUDA_ERROR_UNSUPPORTED_PTX_VERSION on an old driver. */
    static CudaUnavailableException ptxRejected(String module, String result, Throwable cause) {
        return new CudaUnavailableException("cuda: the driver rejected jgrad's kernels (" + module + ".ptx: " + result
                + "); " + NEEDS + ". Update the driver, or use --device cpu.", cause);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
