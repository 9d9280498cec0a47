package io.jgrad.cuda;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link Device} that runs the real kernels from {@code src/main/cuda} on the CPU: {@code src/test/cpp/kernel_server}
 * compiles them with g++ (and AddressSanitizer) against a small emulation of CUDA's threads, barriers and warp
 * shuffles, and this class drives it through a pipe. So {@link CudaBackend}, its plans and struct packing, and the
 * kernels' index arithmetic are all tested on machines without a GPU. What it cannot show: the GPU's own rounding
 * of expf/logf/tanhf, performance, and the JCuda calls in {@link JCudaDevice}.
 *
 * <p>Invariant: one server per JVM, started on first use; requests are serialized (methods are synchronized,
 * since the Cleaner frees from its own thread).
 */
final class EmulatedDevice implements Device {
    /** The cuda module: the working directory of its own tests; other modules' tests set -Djgrad.cuda.module. */
    private static final Path MODULE = Path.of(System.getProperty("jgrad.cuda.module", "."));
    private static final Path SOURCES = MODULE.resolve("src/test/cpp");
    private static final Path KERNELS = MODULE.resolve("src/main/cuda");
    private static final Path BUILD = MODULE.resolve("target/kernel-emulator");
    private static EmulatedDevice shared;
    private static String availability;

    private final Process process;
    private final OutputStream out;
    private final DataInputStream in;

    private EmulatedDevice(Process process) {
        this.process = process;
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    /** Empty when the emulator can be built here, else why not (there is no g++). Asks g++ once per JVM. */
    static synchronized String availability() {
        if (availability == null) {
            availability = probeCompiler();
        }
        return availability;
    }

    private static String probeCompiler() {
        try {
            Process gcc = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
            gcc.getInputStream().readAllBytes();
            return gcc.waitFor() == 0 ? "" : "kernel emulator: g++ --version failed";
        } catch (IOException | InterruptedException e) {
            return "kernel emulator: no g++ to build src/test/cpp/kernel_server.cpp (" + e.getMessage() + ")";
        }
    }

    /** The JVM's server, built and started on first use; a build failure is an error, not a reason to skip. */
    static synchronized EmulatedDevice shared() {
        if (shared == null) {
            try {
                shared = new EmulatedDevice(start(build()));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("kernel emulator: " + e, e);
            }
        }
        return shared;
    }

    /** Compiles the server unless the binary is newer than every source it is made from. */
    private static Path build() throws IOException, InterruptedException {
        Path binary = BUILD.resolve("kernel_server");
        FileTime newest = FileTime.fromMillis(0);
        try (Stream<Path> files = Stream.concat(Files.list(SOURCES), Files.list(KERNELS))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                FileTime t = Files.getLastModifiedTime(p);
                newest = t.compareTo(newest) > 0 ? t : newest;
            }
        }
        if (Files.exists(binary) && Files.getLastModifiedTime(binary).compareTo(newest) > 0) {
            return binary;
        }
        Files.createDirectories(BUILD);
        Path log = BUILD.resolve("g++.log");
        Process gcc = new ProcessBuilder(List.of("g++", "-std=c++20", "-O2", "-g", "-ffp-contract=off",
                    "-fsanitize=address,undefined", "-fno-sanitize-recover=undefined", "-Wall", "-Wno-unknown-pragmas",
                    "-o", binary.toString(), SOURCES.resolve("kernel_server.cpp").toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!gcc.waitFor(10, TimeUnit.MINUTES) || gcc.exitValue() != 0) {
            throw new IllegalStateException("g++ failed to build the kernel server: " + Files.readString(log));
        }
        return binary;
    }

    private static Process start(Path binary) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(binary.toString())
                .redirectError(BUILD.resolve("kernel_server.stderr").toFile());
        builder.environment().put("ASAN_OPTIONS", "detect_leaks=0");
        return builder.start();
    }

    @Override
    public String describe() {
        return "CPU emulation of jgrad's kernels";
    }

    @Override
    public synchronized long allocate(long bytes) {
        send(request(9).put((byte) 1).putLong(bytes));
        return reply("allocate").getLong();
    }

    @Override
    public synchronized void free(long address) {
        send(request(9).put((byte) 2).putLong(address));
        reply("free");
    }

    @Override
    public synchronized void fill32(long address, int bits, long count) {
        send(request(21).put((byte) 3).putLong(address).putInt(bits).putLong(count));
        reply("fill32");
    }

    @Override
    public synchronized void copyToDevice(float[] values, long address) {
        ByteBuffer b = request(17 + 4 * values.length).put((byte) 4).putLong(address).putLong(4L * values.length);
        b.asFloatBuffer().put(values);
        b.position(b.position() + 4 * values.length);
        send(b);
        reply("copyToDevice");
    }

    @Override
    public synchronized void copyToHost(long address, float[] values) {
        send(request(17).put((byte) 5).putLong(address).putLong(4L * values.length));
        ByteBuffer data = reply("copyToHost", 4 * values.length);
        data.asFloatBuffer().get(values);
    }

    @Override
    public synchronized void copyOnDevice(long from, long to, long bytes) {
        send(request(25).put((byte) 6).putLong(from).putLong(to).putLong(bytes));
        reply("copyOnDevice");
    }

    @Override
    public synchronized void launch(Kernel kernel, Grid grid, KernelArgs args) {
        List<KernelArgs.Arg> list = args.list();
        byte[] name = kernel.entry.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = request(1 + 2 + name.length + 20 + 2 + list.size() * 4 + 4 * 32 * list.size());
        b.put((byte) 7).putShort((short) name.length).put(name);
        b.putInt(grid.x()).putInt(grid.y()).putInt(grid.z()).putInt(grid.blockX()).putInt(grid.blockY());
        b.putShort((short) list.size());
        for (KernelArgs.Arg arg : list) {
            if (arg instanceof KernelArgs.Address a) {
                b.putInt(8).putLong(a.value());
            } else if (arg instanceof KernelArgs.Int32 i) {
                b.putInt(4).putInt(i.value());
            } else if (arg instanceof KernelArgs.Float32 f) {
                b.putInt(4).putFloat(f.value());
            } else {
                int[] fields = ((KernelArgs.Struct) arg).fields();
                b.putInt(4 * fields.length);
                for (int field : fields) {
                    b.putInt(field);
                }
            }
        }
        send(b);
        reply("launch " + kernel.entry);
    }

    @Override
    public void synchronize() {
        // Every request completes before its reply, so there is never work in flight.
    }

    private static ByteBuffer request(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void send(ByteBuffer b) {
        try {
            out.write(b.array(), 0, b.position());
            out.flush();
        } catch (IOException e) {
            throw died("writing a request", e);
        }
    }

    private ByteBuffer reply(String what) {
        return reply(what, what.equals("allocate") ? 8 : 0);
    }

    /** Reads the status byte and {@code length} bytes of payload; an error reply becomes an exception. */
    private ByteBuffer reply(String what, int length) {
        try {
            int status = in.read();
            if (status < 0) {
                throw died(what, null);
            }
            if (status != 0) {
                byte[] size = in.readNBytes(4);
                int n = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt();
                throw new IllegalStateException("kernel emulator: " + what + ": "
                        + new String(in.readNBytes(n), StandardCharsets.UTF_8));
            }
            byte[] payload = in.readNBytes(length);
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw died(what, e);
        }
    }

    /** The server crashed, most likely AddressSanitizer stopping a kernel's out-of-bounds access: show its report. */
    private IllegalStateException died(String what, Exception cause) {
        String report;
        try (InputStream log = Files.newInputStream(BUILD.resolve("kernel_server.stderr"))) {
            report = new String(log.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            report = "(no stderr: " + e.getMessage() + ")";
        }
        return new IllegalStateException("kernel emulator died during " + what + " (alive: " + process.isAlive()
                + "):\n" + report, cause);
    }
}
