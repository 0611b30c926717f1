package org.pippin.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process whose stdout and stderr are read line by line into memory and into the test's log, so a test can
 * wait for a line (with a deadline) instead of sleeping. Lines are kept from the start: waiting for an event that
 * already happened returns at once.
 */
final class ManagedProcess implements AutoCloseable {
    /** Every live child of this JVM, killed by a shutdown hook if the test JVM is stopped mid-test. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final int STOP_GRACE_SECONDS = 5;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ManagedProcess::kill), "kill-children"));
    }

    record Line(long atNanos, boolean stderr, String text) {
    }

    private final String name;
    private final Process process;
    private final ProcessLog log;
    private final List<Line> lines = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final Thread[] pumps = new Thread[2];
    private int openStreams = 2;

    private ManagedProcess(String name, Process process, ProcessLog log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(String name, List<String> command, Path workDir, ProcessLog log) {
        log.write(name, "$ " + String.join(" ", command));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        LIVE.add(process);
        ManagedProcess managed = new ManagedProcess(name, process, log);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot close stdin", e);
        }
        managed.pumps[0] = managed.pump(process.getInputStream(), false);
        managed.pumps[1] = managed.pump(process.getErrorStream(), true);
        return managed;
    }

    private Thread pump(InputStream in, boolean stderr) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    accept(new Line(System.nanoTime(), stderr, text));
                }
            } catch (IOException e) {
                // The stream breaks when the process is killed; what was read so far is kept.
                log.write(name, "(" + (stderr ? "stderr" : "stdout") + " closed: " + e.getMessage() + ")");
            } finally {
                synchronized (this) {
                    openStreams--;
                    notifyAll();
                }
            }
        }, name + (stderr ? "-stderr" : "-stdout"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void accept(Line line) {
        log.write(name, line.stderr() ? "! " + line.text() : line.text());
        Event event = Event.parse(name, line.text(), line.atNanos());
        synchronized (this) {
            lines.add(line);
            if (event != null) {
                events.add(event);
            }
            notifyAll();
        }
    }

    /** Waits for the first line (since start) that matches; fails when the process ends or time runs out. */
    Line awaitLine(String what, Predicate<String> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (int next = 0; ; ) {
                for (; next < lines.size(); next++) {
                    if (matcher.test(lines.get(next).text())) {
                        return lines.get(next);
                    }
                }
                if (openStreams == 0) {
                    throw failure("ended (exit " + exitCode() + ") without printing " + what);
                }
                waitUntil(deadline, what, timeout);
            }
        }
    }

    /** Waits for the first event of that name (since start) whose arguments satisfy the filter. */
    Event awaitEvent(String eventName, Predicate<Event> filter, Duration timeout) {
        String what = "PIPPIN EVENT " + eventName;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (int next = 0; ; ) {
                for (; next < events.size(); next++) {
                    Event event = events.get(next);
                    if (event.name().equals(eventName) && filter.test(event)) {
                        return event;
                    }
                }
                if (openStreams == 0) {
                    throw failure("ended (exit " + exitCode() + ") without printing " + what);
                }
                waitUntil(deadline, what, timeout);
            }
        }
    }

    Event awaitEvent(String eventName, Duration timeout) {
        return awaitEvent(eventName, e -> true, timeout);
    }

    /** The first line printed so far that matches, without waiting. */
    synchronized Optional<Line> findLine(Predicate<String> matcher) {
        return lines.stream().filter(l -> matcher.test(l.text())).findFirst();
    }

    /** All events printed so far, in order. */
    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Waits for the process to exit and for its output to be read to the end; returns the exit code. */
    int awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw failure("did not exit within " + timeout.toSeconds() + " s");
            }
            synchronized (this) {
                while (openStreams > 0) {
                    waitUntil(deadline, "end of output", timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted", e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    private void waitUntil(long deadline, String what, Duration timeout) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw failure("did not print " + what + " within " + timeout.toSeconds() + " s");
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted while waiting for " + what, e);
        }
    }

    /** An assertion error that carries the last lines of output, so a failing run explains itself. */
    private AssertionError failure(String message) {
        StringBuilder text = new StringBuilder(name).append(' ').append(message).append("; last output:");
        synchronized (this) {
            for (Line line : lines.subList(Math.max(0, lines.size() - 25), lines.size())) {
                text.append("\n  ").append(line.stderr() ? "! " : "").append(line.text());
            }
        }
        return new AssertionError(text.toString());
    }

    /**
     * Stops the process if still running: first politely (SIGTERM, so a relay prints its shutdown summary), then
     * forcibly; waits for its output to drain.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            log.write(name, "(stopped by the harness)");
            // Through the handle: Process.destroy() would also close our end of its pipes and lose the last lines.
            process.toHandle().destroy();
            try {
                process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill(process);
        LIVE.remove(process);
        for (Thread pump : pumps) {
            try {
                pump.join(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
