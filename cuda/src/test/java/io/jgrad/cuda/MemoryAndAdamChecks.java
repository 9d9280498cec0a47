package io.jgrad.cuda;

import io.jgrad.core.Fused;
import io.jgrad.core.DefaultBackend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import io.jgrad.core.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Device memory's lifetime (closing, the Cleaner, the live-allocation count), moving tensors between backends,
 * refusing host tensors, and the Adam step against a double-precision host computation of PyTorch's formula.
 */
abstract class MemoryAndAdamChecks {
    protected abstract CudaBackend backend();

    /** Collects garbage until every CudaStorage made so far is freed: earlier tests drop theirs unclosed. */
    static void drainUnreachableStorage() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (CudaStorage.liveAllocations() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, CudaStorage.liveAllocations(), "device allocations still reachable after 20 s of GC");
    }

    @Test
    void liveAllocationsReturnToZeroOnceEverythingIsClosed() throws InterruptedException {
        drainUnreachableStorage();
        CudaBackend cuda = backend();
        Rng rng = new Rng(1);
        List<Tensor> made = new ArrayList<>();
        Tensor a = Tensor.of(cuda, rng.uniform(12, -1f, 1f), 3, 4);
        Tensor b = Tensor.of(cuda, rng.uniform(20, -1f, 1f), 4, 5);
        made.add(a);
        made.add(b);
        made.add(a.matmul(b));
        made.add(a.t().contiguous());
        made.add(a.exp());
        made.add(a.sum(true, 1));
        made.add(a.argmax(1, true));
        a.t().toArray();
        assertEquals(made.size(), CudaStorage.liveAllocations(), "one allocation per tensor; toArray's temporary is gone");
        for (Tensor t : made) {
            ((CudaStorage) t.storage()).close();
        }
        assertEquals(0, CudaStorage.liveAllocations());
        ((CudaStorage) a.storage()).close();
        assertEquals(0, CudaStorage.liveAllocations(), "closing twice frees once");
    }

    @Test
    void storageThatIsDroppedUnclosedIsFreedByTheCleaner() throws InterruptedException {
        drainUnreachableStorage();
        for (int i = 0; i < 50; i++) {
            Tensor.of(backend(), new float[1000], 1000).exp().sum();
        }
        drainUnreachableStorage();
    }

    @Test
    void aClosedStorageRefusesToBeUsed() {
        Tensor x = Tensor.of(backend(), new float[] {1f, 2f, 3f}, 3);
        CudaStorage storage = (CudaStorage) x.storage();
        storage.close();
        assertTrue(storage.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, x::toArray);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void tensorsMoveToTheDeviceAndBackUnchanged() {
        float[] values = new Rng(2).normal(1001, 0f, 1f);
        Tensor host = Tensor.of(values, 7, 11, 13);
        Tensor device = host.to(backend());
        assertEquals("cuda", device.backend().name());
        assertTrue(device.storage() instanceof CudaStorage);
        assertArrayEquals(values, device.to(DefaultBackend.get()).toArray());
        assertArrayEquals(host.permute(2, 0, 1).toArray(), device.permute(2, 0, 1).toArray());
    }

    @Test
    void aHostTensorHandedToTheBackendIsRefusedWithAHint() {
        Tensor host = Tensor.of(new float[] {1f, 2f}, 2);
        Tensor out = Tensor.zeros(backend(), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend().unary(UnaryOp.EXP, host, out));
        assertTrue(e.getMessage().contains("to(backend)"), e.getMessage());
    }

    @Test
    void adamStepsMatchPyTorchsFormulaComputedInDouble() {
        int n = 1000;
        float lr = 1e-2f;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float eps = 1e-8f;
        Rng rng = new Rng(3);
        float[] start = rng.normal(n, 0f, 1f);
        double[] p = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = start[i];
        }
        Tensor param = Tensor.of(backend(), start, 10, 100);
        Tensor mt = Tensor.zeros(backend(), 10, 100);
        Tensor vt = Tensor.zeros(backend(), 10, 100);
        for (int step = 1; step <= 5; step++) {
            float[] g = rng.normal(n, 0f, step);
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            Fused.adamStep(param, Tensor.of(backend(), g, 10, 100), mt, vt, beta1, beta2, eps,
                    (float) (lr / bc1), (float) Math.sqrt(bc2));
            for (int i = 0; i < n; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
            }
        }
        Twin.assertClose(toFloats(p), param.toArray(), 1e-5, 1e-6, "parameters after 5 Adam steps");
        Twin.assertClose(toFloats(m), mt.toArray(), 1e-5, 1e-6, "first moments");
        Twin.assertClose(toFloats(v), vt.toArray(), 1e-5, 1e-6, "second moments");
    }

    // adam_step does the reference loop's operations in its order, none of them fused, so it rounds as the CPU does.
    @Test
    void adamStepRoundsBitForBitAsTheCpuBackend() {
        Rng rng = new Rng(4);
        int n = 1003;
        float[][] start = {rng.normal(n, 0f, 1f), rng.normal(n, 0f, 0.1f), rng.uniform(n, 0f, 0.01f)};
        Tensor[] cpu = new Tensor[3];
        Tensor[] cuda = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            cpu[i] = Tensor.of(start[i], n);
            cuda[i] = Tensor.of(backend(), start[i], n);
        }
        for (int step = 1; step <= 3; step++) {
            float[] g = rng.normal(n, 0f, 1f);
            float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, step)));
            float biasRoot = (float) Math.sqrt(1 - Math.pow(0.999, step));
            Fused.adamStep(cpu[0], Tensor.of(g, n), cpu[1], cpu[2], 0.9f, 0.999f, 1e-8f, stepSize, biasRoot);
            Fused.adamStep(cuda[0], Tensor.of(backend(), g, n), cuda[1], cuda[2], 0.9f, 0.999f, 1e-8f, stepSize,
                    biasRoot);
        }
        String[] names = {"parameters", "first moments", "second moments"};
        for (int i = 0; i < 3; i++) {
            Twin.assertClose(cpu[i].toArray(), cuda[i].toArray(), 0, 0, names[i] + " after 3 steps");
        }
    }

    // Strided operands reach the kernel as dense copies, and the parameter's own elements are updated.
    @Test
    void adamOnStridedOperandsUpdatesTheirOwnElements() {
        Twin p = Twin.random(backend(), 6, -1f, 1f, 4, 3);
        Twin g = Twin.random(backend(), 7, -1f, 1f, 3, 4).map(Tensor::t);
        Twin m = Twin.random(backend(), 8, -0.1f, 0.1f, 4, 3);
        Twin v = Twin.random(backend(), 9, 0f, 0.01f, 4, 3);
        Fused.adamStep(p.reference(), g.reference(), m.reference(), v.reference(), 0.9f, 0.999f, 1e-8f, 0.01f, 0.03f);
        Fused.adamStep(p.cuda(), g.cuda(), m.cuda(), v.cuda(), 0.9f, 0.999f, 1e-8f, 0.01f, 0.03f);
        p.assertClose(1e-6, 1e-7, "parameters");
        m.assertClose(1e-6, 1e-7, "first moments");
        v.assertClose(1e-6, 1e-7, "second moments");
    }

    private static float[] toFloats(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }
}
