import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.autograd.optim.Adam;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.examples.vae.data.Batch;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.model.Reconstruction;
import io.jgrad.examples.vae.model.Vae;
import java.nio.file.Path;
import java.util.List;

/**
 * The parts of a real training step, timed with System.nanoTime around each: the batch (pixels gathered and copied
 * into a tensor), the forward pass with the loss, the backward pass, Adam, and the noise the forward pass draws
 * (timed apart, on its own generator). The loop is the Trainer's: the lecture's VAE on MNIST, batch 256, shuffled,
 * each step in a reuse scope of a backend that recycles buffers, as the trainer's does (the default backend does not:
 * every tensor of a step would be a new array). Prints one line per epoch, in microseconds per step. Usage
 * (tools/step-parts.sh): StepParts MNIST_DIR [epochs]
 */
public final class StepParts {
    private StepParts() {
    }

    public static void main(String[] args) throws Exception {
        MnistSet train = MnistSet.load(Path.of(args[0]), MnistSet.Split.TRAIN);
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Backend backend = FastBackend.withBufferReuse();
        Rng rng = new Rng(1);
        Vae model = new Vae(784, 400, 20, 1f, Reconstruction.BCE, rng, backend);
        Adam adam = new Adam(model.parameters(), 1e-3f);
        Rng spare = new Rng(2);
        System.out.println("epoch  seconds   us per step: batch  forward+loss  backward   Adam  (noise alone)");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            List<Batch> batches = train.batches(rng.permutation(train.size()), 256);
            long[] parts = new long[5];
            long begin = System.nanoTime();
            for (Batch batch : batches) {
                try (Backend.Scope reuse = backend.reuseScope(); Tape tape = Tape.open()) {
                    long t0 = System.nanoTime();
                    Tensor x = batch.images(backend);
                    long t1 = System.nanoTime();
                    LatentModel.Output output = model.forward(Variable.constant(x), rng);
                    Variable loss = model.loss(output, x);
                    loss.value().item();
                    long t2 = System.nanoTime();
                    adam.zeroGrad();
                    tape.backward(loss);
                    long t3 = System.nanoTime();
                    adam.step();
                    long t4 = System.nanoTime();
                    Tensor.normal(backend, spare, 0f, 1f, batch.count(), 20);     // as the forward draws it
                    long t5 = System.nanoTime();
                    parts[0] += t1 - t0;
                    parts[1] += t2 - t1;
                    parts[2] += t3 - t2;
                    parts[3] += t4 - t3;
                    parts[4] += t5 - t4;
                }
            }
            double seconds = (System.nanoTime() - begin - parts[4]) / 1e9;
            int n = batches.size();
            System.out.printf("%5d  %7.2f   %18.0f  %12.0f  %8.0f  %5.0f  %13.0f%n", epoch, seconds, parts[0] / 1e3 / n,
                    parts[1] / 1e3 / n, parts[2] / 1e3 / n, parts[3] / 1e3 / n, parts[4] / 1e3 / n);
        }
    }
}
