package org.pippin.relay.voicemail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes: the bytes go to {@code name.tmp}, are forced to disk, then the file is renamed over
 * {@code name} and the directory forced, so after a crash {@code name} is either the old file or the whole new one.
 */
final class DurableFiles {

    static final String TMP = ".tmp";

    private DurableFiles() {
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.delete(tmp);
            throw new IOException("cannot rename atomically in " + file.getParent() + ": " + e.getMessage(), e);
        }
        syncDirectory(file.getParent());
    }

    /** Deletes {@code file} if it is there and makes the deletion durable. */
    static boolean deleteDurably(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            syncDirectory(file.getParent());
        }
        return deleted;
    }

    /** Forces a directory's entries (creations, renames, deletions) to disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
