package io.jgrad.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which backend the plain factories use, and what a JVM without the Vector API gets instead of a crash. */
class DefaultBackendTest {

    @Test
    void withTheVectorApiTheDefaultIsTheFastBackend() {
        assertEquals("fast", DefaultBackend.get().name());
    }

    // Started without the flag, the fast backend would die in its first kernel with NoClassDefFoundError.
    @Test
    void aJvmWithoutTheVectorApiComputesOnTheReferenceBackendAndSaysSoOnce() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WithoutTheVectorApi.class.getName()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertEquals(List.of("28.0 reference", "8.0"), out.lines().toList());
        assertEquals(List.of("jgrad: using the reference backend (slow): the fast backend needs the Vector API: start"
                + " java with --add-modules jdk.incubator.vector"), err.lines().toList());
    }
}
