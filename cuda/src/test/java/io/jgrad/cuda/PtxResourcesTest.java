package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PTX that ships: present, naming every kernel the backend launches, made from the current .cu sources, and
 * (where the CUDA toolkit is installed, no GPU needed) identical to a fresh nvcc build and assemblable for Hopper.
 */
class PtxResourcesTest {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Path COMMITTED = Path.of("src/main/resources/io/jgrad/cuda/ptx");

    static String text(String module) {
        return new String(Kernel.ptx(module), StandardCharsets.US_ASCII);
    }

    static Set<String> modules() {
        return Stream.of(Kernel.values()).map(k -> k.module).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyModuleDefinesExactlyTheEntryPointsTheBackendLaunches() {
        Pattern entry = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(");
        for (String module : modules()) {
            Set<String> defined = new TreeSet<>();
            Matcher m = entry.matcher(text(module));
            while (m.find()) {
                defined.add(m.group(1));
            }
            Set<String> launched = Stream.of(Kernel.values()).filter(k -> k.module.equals(module))
                    .map(k -> k.entry).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(launched, defined, module + ".ptx");
        }
    }

    /**
     * Read from src/main/resources, not the classpath: where nvcc is installed, Maven rebuilds the classpath copy
     * with whatever nvcc that is, and an older or newer one writes another ISA version.
     */
    @Test
    void theCommittedPtxTargetsTuringAndNeedsACuda13Driver() throws IOException {
        for (String module : modules()) {
            String ptx = Files.readString(COMMITTED.resolve(module + ".ptx"));
            assertTrue(ptx.contains(".target sm_75"), module + ".ptx should come from -arch=compute_75");
            assertTrue(ptx.contains(".version 9.0"), module + ".ptx: JCudaDevice.MIN_DRIVER_VERSION assumes ISA 9.0");
            assertTrue(ptx.contains(".address_size 64"), module);
        }
    }

    @Test
    void theCommittedPtxWasMadeFromTheCurrentSources() throws IOException, NoSuchAlgorithmException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".cu") || f.toString().endsWith(".cuh")).sorted().toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                lines.add(HexFormat.of().formatHex(digest) + "  " + p.getFileName());
            }
        }
        String recorded = Files.readString(COMMITTED.resolve("sources.sha256"));
        assertEquals(String.join("\n", lines) + "\n", recorded,
                "src/main/cuda changed since the PTX was built: run cuda/build-ptx.sh and commit its output");
    }

    /** The nvcc found the way build-ptx.sh finds it, or null. */
    private static String nvcc() {
        String home = System.getenv("CUDA_HOME");
        for (String candidate : new String[] {System.getenv("NVCC"), home == null ? null : home + "/bin/nvcc", "nvcc",
            "/usr/local/cuda/bin/nvcc"}) {
            if (candidate != null && run(List.of(candidate, "--version")) != null) {
                return candidate;
            }
        }
        return null;
    }

    /** The command's output, or null when it cannot run or fails. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    @Test
    void theCommittedPtxIsWhatThisNvccBuildsFromTheSources(@TempDir Path fresh) throws IOException {
        String nvcc = nvcc();
        assumeTrue(nvcc != null, "no nvcc here: the committed PTX is checked only against the recorded source hashes");
        Matcher release = Pattern.compile("release [0-9.]+, V[0-9.]+").matcher(run(List.of(nvcc, "--version")));
        assumeTrue(release.find() && text("sgemm").contains(release.group()),
                "this nvcc is not the one that built the committed PTX; compare its header with `nvcc --version`");
        String log = run(List.of("bash", "build-ptx.sh", fresh.toString()));
        assertTrue(log != null, "build-ptx.sh failed");
        for (String module : modules()) {
            assertArrayEquals(Files.readAllBytes(COMMITTED.resolve(module + ".ptx")),
                    Files.readAllBytes(fresh.resolve(module + ".ptx")),
                    module + ".ptx is stale: run cuda/build-ptx.sh and commit its output");
        }
    }

    @Test
    void ptxasAssemblesEveryModuleForHopperWithoutSpilling(@TempDir Path scratch) {
        String home = System.getenv("CUDA_HOME");
        String ptxas = Stream.of(home == null ? null : home + "/bin/ptxas", "ptxas", "/usr/local/cuda/bin/ptxas")
                .filter(c -> c != null && run(List.of(c, "--version")) != null).findFirst().orElse(null);
        assumeTrue(ptxas != null, "no ptxas here to assemble the PTX offline");
        for (String module : modules()) {
            String log = run(List.of(ptxas, "-arch=sm_90", "-v", "-o", scratch.resolve(module + ".cubin").toString(),
                    COMMITTED.resolve(module + ".ptx").toString()));
            assertTrue(log != null, "ptxas rejected " + module + ".ptx for sm_90");
            assertFalse(Pattern.compile("[1-9]\\d* bytes spill").matcher(log).find(),
                    module + ".ptx spills registers on sm_90:\n" + log);
        }
    }
}
