package io.jgrad.examples.vae;

import io.jgrad.core.DefaultBackend;
import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.model.ModelSpec;
import io.jgrad.examples.vae.pictures.AtomicFiles;
import io.jgrad.examples.vae.model.Reconstruction;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./vae graph}: the tape of one training step, as text or as a Graphviz picture of the computation. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Record one training step of an untrained model on a random batch and print its tape: every op "
                + "with its output shape, in recording order (backward walks it in reverse).",
                "With --dot FILE, also write it as Graphviz DOT (render with: dot -Tpng FILE -o graph.png)."})
final class GraphCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "vae", paramLabel = "vae|ae", description = "Which model (default: ${DEFAULT-VALUE}).")
    ModelSpec.Kind model;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size shown in the shapes (default: ${DEFAULT-VALUE}).")
    @Range(min = 1, max = 60_000)
    int batch;

    @Option(names = "--dot", paramLabel = "FILE", description = "Write the graph as Graphviz DOT.")
    Path dot;

    @Override
    public Integer call() throws Exception {
        Backend backend = DefaultBackend.get();
        Rng rng = new Rng(1);
        LatentModel m = new ModelSpec(model, 784, 400, 20, Reconstruction.BCE, 1f).create(rng, backend);
        Tensor x = Tensor.of(backend, rng.uniform(batch * 784, 0f, 1f), batch, 784);
        try (Tape tape = Tape.open()) {
            m.loss(m.forward(Variable.constant(x), rng), x);
            System.out.print(tape);
            if (dot != null) {
                AtomicFiles.writeString(dot, tape.toDot());
                System.err.println("wrote " + dot);
            }
        }
        return 0;
    }
}
