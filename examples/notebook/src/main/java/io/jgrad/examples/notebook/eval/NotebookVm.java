package io.jgrad.examples.notebook.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How the JVM that runs a notebook's cells is started: its class path (jgrad's modules, the VAE example, XChart and
 * this module's display helpers) and its flags (the Vector API flag from the parent POM, headless AWT, a heap).
 *
 * @param classPath the class path of the cells, for the JVM and for the compiler alike
 * @param jvmFlags flags of the cells' JVM; the {@code --add-modules} ones are the compiler's too
 */
public record NotebookVm(String classPath, List<String> jvmFlags) {
    static final String SETTINGS = "notebook-vm.properties";

    public NotebookVm {
        jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * The class path of the running JVM (the kernel's, or the test's), which holds everything the cells use, and
     * the flags Maven wrote into {@value #SETTINGS} from the parent POM.
     */
    public static NotebookVm ofThisJvm() {
        Properties settings = new Properties();
        try (InputStream in = NotebookVm.class.getResourceAsStream(SETTINGS)) {
            if (in == null) {
                throw new IllegalStateException(SETTINGS + " is missing next to " + NotebookVm.class.getName()
                        + "; build the module with Maven, which writes it");
            }
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> flags = List.of(settings.getProperty("jvm.flags", "").trim().split("\\s+"));
        return new NotebookVm(System.getProperty("java.class.path"), flags);
    }

    /** The options JShell starts the cells' JVM with. */
    public List<String> remoteVmOptions() {
        List<String> options = new ArrayList<>(List.of("--class-path", classPath));
        options.addAll(jvmFlags);
        return options;
    }

    /** The options JShell compiles cells with: the same class path and modules as the JVM that runs them. */
    public List<String> compilerOptions() {
        List<String> options = new ArrayList<>(List.of("--class-path", classPath));
        jvmFlags.stream().filter(flag -> flag.startsWith("--add-modules")).forEach(options::add);
        return options;
    }
}
