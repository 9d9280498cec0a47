package io.jgrad.core;

import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The backend of the plain factories ({@code Tensor.zeros(2, 3)}, {@code Tensor.of(values)}): the fastest CPU
 * backend this JVM can run, chosen once, on first use.
 *
 * <p>CPU backends offer themselves as {@link Candidate}s through {@link ServiceLoader}; core lists its fast and
 * reference backends in {@code META-INF/services/io.jgrad.core.DefaultBackend$Candidate}. So neither this class nor
 * its package names a backend, and the seam does not depend on what implements it. The fast backend needs the
 * incubating Vector API: on a JVM started without {@code --add-modules jdk.incubator.vector} it declines, and the
 * reference backend is chosen instead, with one line on standard error that says so and names the flag.
 */
public final class DefaultBackend {
    private DefaultBackend() {
    }

    /** A CPU backend offered as the default. */
    public interface Candidate {
        /** Higher wins: the fast backend ranks above the reference. */
        int rank();

        /** Why this JVM cannot run the backend, in one line; empty when it can. */
        String unavailableReason();

        Backend backend();
    }

    /** The default backend (the first call chooses it). */
    public static Backend get() {
        return Chosen.BACKEND;
    }

    /** Holds the choice, so that it is made on first use and then never again. */
    private static final class Chosen {
        static final Backend BACKEND = choose();
    }

    private static Backend choose() {
        var candidates = ServiceLoader.load(Candidate.class, DefaultBackend.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(Candidate::rank).reversed())
                .toList();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no CPU backend found: jgrad-core's META-INF/services lists them; is the"
                    + " jar complete?");
        }
        Candidate best = candidates.stream().filter(c -> c.unavailableReason().isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no CPU backend can run here: " + candidates.stream()
                        .map(Candidate::unavailableReason).collect(Collectors.joining("; "))));
        if (best != candidates.get(0)) {
            System.err.println("jgrad: using the " + best.backend().name() + " backend (slow): "
                    + candidates.get(0).unavailableReason());
        }
        return best.backend();
    }
}
