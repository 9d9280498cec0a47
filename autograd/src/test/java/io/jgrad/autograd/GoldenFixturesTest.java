package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.core.io.Safetensors;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fixtures that PyTorch wrote (tools/golden.py) load through core's own safetensors reader as well as through
 * {@link GoldenFile}, the independent reader the golden tests use: files made by PyTorch's side read the same in jgrad.
 */
class GoldenFixturesTest {
    @Test
    void theGoldenFixturesFromPyTorchLoadThroughCoresReader() throws IOException, URISyntaxException {
        Safetensors.Contents mlp = Safetensors.read(golden("mlp.safetensors"));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 1, 0.25f, 0.9f}, mlp.tensor("bce_edge.pred").toArray());
        assertArrayEquals(new int[] {4, 5}, mlp.tensor("x").shape().sizes());
        assertEquals(0, mlp.tensor("out.loss").rank());
        assertEquals(300.61276f, mlp.tensor("bce_edge.loss_sum").item(), 1e-3f);
        assertEquals("tools/golden.py", mlp.metadata().get("generator"));
        assertArrayEquals(GoldenFile.load("mlp.safetensors").get("x").toArray(), mlp.tensor("x").toArray());

        Safetensors.Contents vae = Safetensors.read(golden("vae.safetensors"));
        assertArrayEquals(new int[] {8, 12}, vae.tensor("encoder.0.weight").shape().sizes());
        assertArrayEquals(new int[] {8, 12}, vae.tensor("grad.encoder.0.weight").shape().sizes());
        assertArrayEquals(new int[] {12, 8}, Safetensors.read(golden("optim.safetensors"))
                .tensor("adam2.decoder.2.weight").shape().sizes());
    }

    private static Path golden(String name) throws URISyntaxException {
        return Path.of(GoldenFixturesTest.class.getResource("/golden/" + name).toURI());
    }
}
