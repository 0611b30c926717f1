package org.pippin.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process under measurement: its output is drained by a thread (and searched for a ready line), its CPU time
 * is read from {@code /proc/<pid>/task/*}{@code /schedstat}, which is exact on this VM where {@code /proc/stat} tick
 * counts were not for bursty loads.
 */
final class Proc implements AutoCloseable {

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<String> lastLines = new ArrayList<>();

    Proc(List<String> command, String readyText) throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Whatever way the benchmark ends, no relay (nor a worker a rival forked) is left behind holding its ports.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }));
        Thread drain = new Thread(() -> drain(readyText), "drain-" + command.get(0));
        drain.setDaemon(true);
        drain.start();
        if (!ready.await(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " not ready within 30 s; last output: " + lastLines());
        }
    }

    private void drain(String readyText) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (lastLines) {
                    lastLines.add(line);
                    if (lastLines.size() > 20) {
                        lastLines.remove(0);
                    }
                }
                if (line.contains(readyText)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            synchronized (lastLines) {
                lastLines.add("output read failed: " + e);
            }
        }
    }

    String lastLines() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Nanoseconds on a CPU, summed over the process's threads (only those whose name starts with {@code prefix}). */
    long cpuNanos(String prefix) throws IOException {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (!prefix.isEmpty() && !Files.readString(t.resolve("comm")).startsWith(prefix)) {
                        continue;
                    }
                    String s = Files.readString(t.resolve("schedstat")).trim();
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // the thread ended between the listing and the read
                }
            }
        }
        return sum;
    }

    /** Nanoseconds on a CPU of this process and of every process it forked (and they forked), all threads. */
    long treeCpuNanos() throws IOException {
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        process.descendants().forEach(p -> pids.add(p.pid()));
        long sum = 0;
        for (long pid : pids) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        String s = Files.readString(t.resolve("schedstat")).trim();
                        sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                    } catch (java.nio.file.NoSuchFileException e) {
                        continue; // the thread ended between the listing and the read
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // the process ended between the listing and the read
            }
        }
        return sum;
    }

    /** Runs {@code command} to completion and returns its output. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt(); // the caller's interrupt stands; the process is killed regardless
        }
    }
}
