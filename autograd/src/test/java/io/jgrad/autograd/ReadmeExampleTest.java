package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** The ten lines of Java at the top of the README, run as they stand there, printing what the README says. */
class ReadmeExampleTest {
    @Test
    void theReadmesExamplePrintsWhatTheReadmeShows() {
        StringBuilder printed = new StringBuilder();
        // --- as in the README (System.out.println replaced by printed.append) ---
        Variable x = Variable.leaf(Tensor.of(new float[] {1, 2, 3}));
        Variable w = Variable.leaf(Tensor.of(new float[] {0.5f, -1, 2}));
        try (Tape tape = Tape.open()) {
            Variable y = x.mul(w).sum().sigmoid();        // y = sigmoid(x . w)
            tape.backward(y);                             // dy/dx = y (1 - y) w
            printed.append(y.value()).append('\n');
        }
        printed.append(x.grad()).append('\n');
        // --- end of the README's lines ---
        assertEquals("tensor(0.9890, shape=[])\ntensor([ 0.0054, -0.0109,  0.0217], shape=[3])\n", printed.toString());
    }
}
