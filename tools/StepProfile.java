import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a VAE training step's time goes, from a JFR recording of VaeStepBenchmark (tools/step-profile.sh makes one):
 * each execution sample of the benchmark's thread and of jgrad's worker threads is put in the part of the step that
 * its innermost jgrad frame belongs to, and the parts are printed as shares of each thread's samples. A worker's job
 * that runs a GEMM's share counts as matrix products; a thread spinning in the pool counts as waiting. Samples from
 * the first {@code skip} fraction of the recording (JVM start, JIT warm-up) are left out.
 */
public final class StepProfile {
    private StepProfile() {
    }

    static final String REST = "the tape, shapes and the rest of jgrad";

    /** The part of a step that a jgrad class and method belong to. */
    static String part(String type, String method) {
        String name = type.substring(type.lastIndexOf('.') + 1);
        return switch (name) {
            case "GemmKernels" -> method.startsWith("pack") ? "matrix products: packing" : "matrix products: kernels";
            case "Gemm" -> "matrix products: kernels";
            case "AdamKernel" -> "Adam";
            case "FusedKernels" -> method.toLowerCase().contains("adam") ? "Adam" : "fused elementwise (BCE, gradients)";
            case "UnaryKernels", "BinaryKernels", "VectorMath", "Elementwise", "Comparisons", "StridedLoops" ->
                    "elementwise";
            case "Reductions" -> "reductions (sums, bias gradients)";
            case "Rng" -> "noise (random normals)";
            case "BufferPool" -> "buffer reuse";
            case "Fused" -> method.toLowerCase().contains("adam") ? "Adam" : "fused elementwise (BCE, gradients)";
            case "FastBackend" -> switch (method) {
                case "matmul" -> "matrix products: kernels";
                case "unary", "binary" -> "elementwise";
                default -> REST;
            };
            default -> REST;
        };
    }

    /**
     * The part of the step a sample is in: that of its innermost jgrad frame; a thread waiting in the worker pool
     * counts as waiting in the part whose op it waits for (the next jgrad frame out), or for the next job.
     */
    static String part(RecordedEvent sample) {
        boolean waiting = false;
        for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("io.jgrad.") || type.startsWith("io.jgrad.benchmarks.")) {
                continue;
            }
            if (type.endsWith(".Workers") || type.contains(".Workers$")) {
                waiting = true;
                continue;
            }
            String part = part(type, frame.getMethod().getName());
            if (!waiting) {
                return part;
            }
            if (!part.equals(REST)) {           // a waiting thread's op: the first frame out that names one
                return (part.startsWith("matrix products") ? "matrix products" : part) + ", waiting at the join";
            }
        }
        return waiting ? "waiting for the next job" : "JVM and JMH (no jgrad frame)";
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: StepProfile recording.jfr [fraction of the start to skip]");
        }
        double skip = args.length > 1 ? Double.parseDouble(args[1]) : 0.4;
        List<RecordedEvent> samples = RecordingFile.readAllEvents(Path.of(args[0])).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample") && e.getStackTrace() != null)
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
                .toList();
        Map<String, Map<String, Integer>> byThread = new TreeMap<>();
        for (RecordedEvent sample : samples.subList((int) (samples.size() * skip), samples.size())) {
            String thread = sample.getThread("sampledThread").getJavaName();
            if (thread == null || !(thread.contains("jmh-worker") || thread.startsWith("jgrad-worker"))) {
                continue;
            }
            byThread.computeIfAbsent(thread, t -> new LinkedHashMap<>()).merge(part(sample), 1, Integer::sum);
        }
        for (var thread : byThread.entrySet()) {
            int total = thread.getValue().values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%s: %d samples%n", thread.getKey(), total);
            thread.getValue().entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
        }
    }
}
