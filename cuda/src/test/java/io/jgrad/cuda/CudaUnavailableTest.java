package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Asking for CUDA where it cannot run fails loudly, in one line that says what was found and what is needed.
 * The first test runs on machines without a GPU (it skips where one works); the rest check each message.
 */
class CudaUnavailableTest {

    static void assertActionableLine(String message) {
        assertTrue(message.startsWith("cuda: "), message);
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        assertTrue(message.endsWith("Use --device cpu.") || message.endsWith("or use --device cpu."), message);
    }

    /** True when this machine has the driver library at one of its usual places. */
    static boolean driverInstalled() {
        return Stream.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/usr/lib64/libcuda.so.1", "/usr/lib/libcuda.so.1",
                "/usr/lib/wsl/lib/libcuda.so.1").anyMatch(p -> Files.exists(Path.of(p)));
    }

    @Test
    void openingWithoutAGpuFailsWithOneActionableLine() {
        String reason = CudaBackend.availability();
        assumeFalse(reason.isEmpty(), "this machine has a usable GPU: " + reason);
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, CudaBackend::open);
        assertEquals(reason, e.getMessage(), "availability() and open() tell the same story");
        assertActionableLine(e.getMessage());
        assertTrue(e.getMessage().contains("driver >= 580 (CUDA 13)"), e.getMessage());
        if (!driverInstalled()) {
            assertEquals("cuda: no CUDA driver found (libcuda.so.1 could not be loaded); jgrad's CUDA backend needs an"
                    + " NVIDIA GPU with driver >= 580 (CUDA 13). Use --device cpu.", e.getMessage());
        }
        assertThrows(CudaUnavailableException.class, CudaBackend::open, "the second try fails the same way");
    }

    @Test
    void aMissingDriverLibraryIsNamed() {
        String jcudaSays = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: "
                + "cannot open shared object file: No such file or directory";
        String message = CudaUnavailableException.nativeLibrary(new UnsatisfiedLinkError(jcudaSays)).getMessage();
        assertActionableLine(message);
        assertTrue(message.contains("no CUDA driver found (libcuda.so.1 could not be loaded)"), message);
    }

    @Test
    void aPlatformWithoutJCudaNativesSaysWhichPlatform() {
        String message = CudaUnavailableException.nativeLibrary(
                new UnsatisfiedLinkError("no JCudaDriver-12.6.0-apple-aarch64 in java.library.path\nmore")).getMessage();
        assertActionableLine(message);
        assertTrue(message.contains(System.getProperty("os.arch")), message);
        assertTrue(message.contains("no JCudaDriver-12.6.0-apple-aarch64 in java.library.path"), message);
    }

    @Test
    void aDriverWithoutGpusOldDriversAndOldGpusEachSaySo() {
        String noGpu = CudaUnavailableException.driverCall("cuInit", "CUDA_ERROR_NO_DEVICE", null).getMessage();
        assertActionableLine(noGpu);
        assertTrue(noGpu.contains("found no GPU (cuInit: CUDA_ERROR_NO_DEVICE)"), noGpu);
        String oldDriver = CudaUnavailableException.driverTooOld(12040).getMessage();
        assertActionableLine(oldDriver);
        assertTrue(oldDriver.contains("supports CUDA 12.4") && oldDriver.contains("Update the driver"), oldDriver);
        String oldGpu = CudaUnavailableException.gpuTooOld("Tesla P100", 6, 0).getMessage();
        assertActionableLine(oldGpu);
        assertTrue(oldGpu.contains("Tesla P100 has compute capability 6.0"), oldGpu);
        String rejected = CudaUnavailableException.ptxRejected("sgemm", "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", null)
                .getMessage();
        assertActionableLine(rejected);
        assertTrue(rejected.contains("sgemm.ptx: CUDA_ERROR_UNSUPPORTED_PTX_VERSION"), rejected);
    }
}
