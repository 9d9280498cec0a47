package io.jgrad.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that breaks the safetensors format, or holds something jgrad cannot load. The message starts with the file
 * and says what is wrong, e.g. {@code weights.safetensors: tensor 'encoder.0.weight' has data_offsets [0, 100] but
 * shape [400, 784] of F32 needs 1254400 bytes}.
 */
public final class SafetensorsFormatException extends IOException {

    public SafetensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
