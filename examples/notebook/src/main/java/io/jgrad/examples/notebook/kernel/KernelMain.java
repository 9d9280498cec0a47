package io.jgrad.examples.notebook.kernel;

import io.jgrad.examples.notebook.eval.CellEvaluator;
import io.jgrad.examples.notebook.eval.NotebookVm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel the way Jupyter does, with the path of a connection file (its ports and signing key):
 * {@code examples/notebook/kernel CONNECTION_FILE}, which the kernel spec names. Runs until Jupyter shuts it down.
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: kernel CONNECTION_FILE   (Jupyter starts it so, from the jgrad kernel spec)");
            System.exit(2);
        }
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(properties);
        String version = KernelMain.class.getPackage().getImplementationVersion();
        JgradKernel kernel = new JgradKernel(new CellEvaluator(NotebookVm.ofThisJvm()), version == null ? "dev" : version);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);   // NOTE: JShell's and ZeroMQ's threads would keep the JVM alive after Jupyter has left
    }
}
