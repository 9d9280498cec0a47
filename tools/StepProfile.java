import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>With {@code timeline}, for a recording of a whole {@code ./vae train} (tools/train-profile.sh makes one, with a
 * sample every millisecond): from JVM start, second by second, how long the main thread ran in the matrix products
 * and in the rest of jgrad, how long the worker ran jobs, and how long C2 compiled.
 */
public final class StepProfile {
    private StepProfile() {
    }

    static final String REST = "the tape, shapes and the rest of jgrad";

    /** The part of a step that a jgrad class and method belong to. */
    static String part(String type, String method) {
        String name = type.substring(type.lastIndexOf('.') + 1);
        return switch (name) {
            // NOTE: packing includes the transposition of B in registers (transposeBlock, transpose16, transpose8).
            case "GemmPacking" -> "matrix products: packing";
            case "GemmKernels", "Gemm" -> "matrix products: kernels";
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
        if (args.length >= 2 && args[1].equals("timeline")) {
            timeline(RecordingFile.readAllEvents(Path.of(args[0])), args.length > 2 ? Double.parseDouble(args[2]) : 1,
                    args.length > 3 ? Double.parseDouble(args[3]) : 6);
            return;
        }
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: StepProfile recording.jfr [fraction of the start to skip]"
                    + "  or  StepProfile recording.jfr timeline [seconds a row] [total from second]");
        }
        double skip = args.length > 1 ? Double.parseDouble(args[1]) : 0.4;
        List<RecordedEvent> samples = samples(RecordingFile.readAllEvents(Path.of(args[0])));
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

    /** The execution samples that have a stack, in time order. */
    static List<RecordedEvent> samples(List<RecordedEvent> events) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample") && e.getStackTrace() != null)
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
                .toList();
    }

    /**
     * One row per {@code seconds} from JVM start: the main thread's samples in the matrix products (their waits
     * included) and in the rest of jgrad, the share of the latter in the two, the same share counting only the
     * samples inside the trainer's steps (not the test pass, the loss plot or the checkpoint after each epoch), the
     * workers' samples in a job, and the milliseconds C2 spent compiling (by the start of each compilation). A last
     * line adds up the rows from {@code from} seconds on. NOTE: JFR's sampler does not keep up with a 1 ms period
     * (about 600 samples a second of a thread that runs throughout), so samples are counts, not ms.
     */
    static void timeline(List<RecordedEvent> events, double seconds, double from) {
        Instant start = events.stream().filter(e -> e.getEventType().getName().equals("jdk.JVMInformation"))
                .map(e -> e.getInstant("jvmStartTime")).findFirst()
                .orElseGet(() -> events.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo)
                        .orElseThrow());
        // products, rest of jgrad, worker jobs, C2 (ms), and the products and rest inside the trainer's steps
        TreeMap<Integer, double[]> rows = new TreeMap<>();
        for (RecordedEvent e : events) {
            int row = (int) (Duration.between(start, e.getStartTime()).toNanos() / 1e9 / seconds);
            if (e.getEventType().getName().equals("jdk.Compilation") && e.getInt("compileLevel") == 4) {
                rows.computeIfAbsent(row, r -> new double[6])[3] += e.getDuration().toNanos() / 1e6;
            }
        }
        for (RecordedEvent sample : samples(events)) {
            String thread = sample.getThread("sampledThread").getJavaName();
            String part = part(sample);
            int column;
            if ("main".equals(thread)) {
                column = part.startsWith("matrix products") ? 0 : part.startsWith("JVM") ? -1 : 1;
            } else if (thread != null && thread.startsWith("jgrad-worker")) {
                column = part.startsWith("waiting for") || part.startsWith("JVM") ? -1 : 2;
            } else {
                column = -1;
            }
            if (column >= 0) {
                int row = (int) (Duration.between(start, sample.getStartTime()).toNanos() / 1e9 / seconds);
                double[] counts = rows.computeIfAbsent(row, r -> new double[6]);
                counts[column] += 1;
                if (column < 2 && inStep(sample)) {
                    counts[4 + column] += 1;
                }
            }
        }
        System.out.printf("%8s  %9s  %9s  %7s  %7s  %9s  %7s%n", "from s", "products", "rest", "rest %", "steps %",
                "worker", "C2 ms");
        double[] total = new double[6];
        for (var row : rows.entrySet()) {
            double[] counts = row.getValue();
            print(String.format("%8.1f", row.getKey() * seconds), counts);
            if (row.getKey() * seconds >= from) {
                for (int i = 0; i < total.length; i++) {
                    total[i] += counts[i];
                }
            }
        }
        print(String.format("%5.0f s-", from), total);
    }

    private static void print(String label, double[] counts) {
        System.out.printf("%8s  %9.0f  %9.0f  %7s  %7s  %9.0f  %7.0f%n", label, counts[0], counts[1],
                share(counts[1], counts[0]), share(counts[5], counts[4]), counts[2], counts[3]);
    }

    /** {@code rest} as a percentage of {@code rest + products}, or a dash when both are 0. */
    private static String share(double rest, double products) {
        return rest + products == 0 ? "-" : String.format("%.0f", 100 * rest / (rest + products));
    }

    /** Whether the sample was taken inside a training step: a frame of the VAE trainer's epoch loop. */
    static boolean inStep(RecordedEvent sample) {
        for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
            if (frame.getMethod().getType().getName().endsWith(".Trainer")
                    && frame.getMethod().getName().equals("trainEpoch")) {
                return true;
            }
        }
        return false;
    }
}
