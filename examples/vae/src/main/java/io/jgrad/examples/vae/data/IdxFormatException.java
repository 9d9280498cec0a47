package io.jgrad.examples.vae.data;

import java.io.IOException;

/**
 * A data file that is not what it claims to be: wrong magic number, truncated, corrupt gzip, or a size that
 * disagrees with its header. The message starts with the file and says what was expected and what was found.
 */
public class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
