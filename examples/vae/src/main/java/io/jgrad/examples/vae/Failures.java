package io.jgrad.examples.vae;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line for a command that failed, naming what it was working on. Java's file errors carry the path and a reason
 * separately, and their messages are often the bare path ({@code NoSuchFileException}) or the bare reason
 * ({@code "Is a directory"}); this puts the two together.
 */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder" + reason(f);
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied" + reason(f);
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists" + reason(f);
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + ": not a folder";
        }
        if (e instanceof FileSystemException f) {
            return (f.getFile() != null ? f.getFile() + ": " : "")
                    + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName())
                    + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String reason(FileSystemException f) {
        return f.getReason() != null ? " (" + f.getReason() + ")" : "";
    }
}
