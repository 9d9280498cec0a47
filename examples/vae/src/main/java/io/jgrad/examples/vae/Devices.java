package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.core.fast.Gemm;

/** Maps {@code --device} to a backend. Asking for a device that cannot be used is an error, never a fallback. */
final class Devices {
    private Devices() {
    }

    static Backend open(String device, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads " + threads + ": expected 0 (all cores) or a positive count");
        }
        return switch (device) {
            case "cpu" -> {
                Gemm.setThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
                yield FastBackend.withBufferReuse();
            }
            case "cuda" -> throw new IllegalArgumentException("--device cuda: the CUDA backend is not available in "
                    + "this build yet; use --device cpu");
            default -> throw new IllegalArgumentException("--device " + device + ": expected cpu or cuda");
        };
    }
}
