package io.jgrad.examples.vae;

import io.jgrad.core.DefaultBackend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jgrad.core.Backend;
import io.jgrad.core.reference.ReferenceBackend;
import io.jgrad.core.Tensor;
import io.jgrad.cuda.CudaBackend;
import io.jgrad.cuda.CudaUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --device}: each name opens its backend, and a device that cannot be used is one line, never a fallback. */
class DevicesTest {

    @Test
    void cpuOpensAFastBackendThatRecyclesBuffers() {
        Backend cpu = Device.CPU.open(0);   // 0: all cores, the default, so later tests are unaffected
        assertEquals("fast", cpu.name());
        assertTrue(cpu != DefaultBackend.get(), "a backend of its own, with a buffer pool");
    }

    @Test
    void referenceOpensThePlainLoops() {
        assertSame(ReferenceBackend.INSTANCE, Device.REFERENCE.open(0));
    }

    // Without a GPU this is the path a user meets: open() fails with the reason, which ends with the advice.
    @Test
    void cudaOpensTheGpuWithBufferReuseOrFailsWithOneActionableLine() {
        String reason = CudaBackend.availability();
        if (reason.isEmpty()) {
            Backend gpu = Device.CUDA.open(0);
            assertEquals("cuda", gpu.name());
            try (Backend.Scope step = gpu.reuseScope()) {
                assertEquals(6f, Tensor.of(gpu, new float[] {1, 2, 3}, 3).sum().item());
            }
            return;
        }
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Device.CUDA.open(0));
        assertEquals(reason, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("Use --device cpu."), e.getMessage());
    }

    @Test
    void anUnknownDeviceOrThreadCountIsRefusedWhereTheOptionsAreParsed(@TempDir Path dir) {
        String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
        for (String[] args : new String[][] {{"--device", "tpu"}, {"--threads", "-1"}, {"--threads", "100000"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            Path out = dir.resolve("run");
            int status = cli.execute("train", args[0], args[1], "--data", dir.toString(), "--out", out.toString());
            assertEquals(2, status, err.toString());
            assertTrue(err.toString().startsWith("vae train: "), err.toString());
            assertTrue(err.toString().contains(args[0]) && err.toString().contains(args[1]), err.toString());
            if (args[0].equals("--threads")) {
                assertTrue(err.toString().contains("must be from 0 to " + cores), err.toString());
            }
            assertFalse(Files.exists(out), "nothing is made for a command that cannot start");
        }
    }

    // What ./vae train --device cuda prints without a GPU: "vae: " and the reason, exit status 1, and no run directory.
    @Test
    void trainingOnAMissingGpuExitsWithOneLineBeforeTouchingData(@TempDir Path dir) {
        String reason = CudaBackend.availability();
        assumeFalse(reason.isEmpty(), "a GPU is usable here, so training would start");
        Path out = dir.resolve("run");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute("train", "--device", "cuda", "--epochs", "0", "--data", dir.resolve("none").toString(),
                "--out", out.toString());
        assertEquals(1, status);
        assertEquals("vae: " + reason + System.lineSeparator(), err.toString());
        assertFalse(Files.exists(out), "no output directory for a run that cannot start");
    }
}
