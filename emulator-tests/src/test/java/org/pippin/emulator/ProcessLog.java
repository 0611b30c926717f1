package org.pippin.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The output of every process of one test, interleaved in one file ({@code all.log}) and split per process
 * ({@code <name>.log}); each line carries the seconds since the test started and the process name.
 */
final class ProcessLog implements AutoCloseable {
    private final Path dir;
    private final long startNanos;
    private final Writer all;
    private final Map<String, Writer> perProcess = new LinkedHashMap<>();

    ProcessLog(Path dir) {
        this.dir = dir;
        this.startNanos = System.nanoTime();
        this.all = open(dir.resolve("all.log"));
    }

    synchronized void write(String process, String text) {
        String line = String.format("%8.3f [%s] %s%n", (System.nanoTime() - startNanos) / 1e9, process, text);
        try {
            all.write(line);
            all.flush();
            Writer own = perProcess.computeIfAbsent(process, p -> open(dir.resolve(p + ".log")));
            own.write(line);
            own.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the process log in " + dir, e);
        }
    }

    /** Seconds between two {@link System#nanoTime()} readings, for reports. */
    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    @Override
    public synchronized void close() {
        try {
            all.close();
            for (Writer writer : perProcess.values()) {
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the process log in " + dir, e);
        }
    }

    private static Writer open(Path file) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }
}
