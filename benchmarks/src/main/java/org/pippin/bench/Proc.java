package org.pippin.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        // Whatever way the benchmark ends, no relay is left behind holding its ports.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
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
        long sum = 0;
        for (long pid : descendants(process.pid())) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : tasks.toList()) {
                    sum += schedstat(t);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // the process ended between the listing and the read
            }
        }
        return sum;
    }

    private static long schedstat(Path task) throws IOException {
        try {
            String s = Files.readString(task.resolve("schedstat")).trim();
            return Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (java.nio.file.NoSuchFileException e) {
            return 0; // the thread ended between the listing and the read: its time is gone with it
        }
    }

    /** {@code root} and its descendants, from the parent pid (4th field) of every {@code /proc/<pid>/stat}. */
    private static List<Long> descendants(long root) throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // ended meanwhile
                }
                // The command name (2nd field) may hold spaces and parentheses: fields resume after the last ')'.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                children.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(Long.parseLong(name));
            }
        }
        List<Long> all = new ArrayList<>(List.of(root));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(children.getOrDefault(all.get(i), List.of()));
        }
        return all;
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
