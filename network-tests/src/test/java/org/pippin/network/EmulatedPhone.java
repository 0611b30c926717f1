package org.pippin.network;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.pippin.codec.Wav;

/**
 * The built MIDlet in MicroEmulator, headless, in a JVM of its own started from the test's JVM, so inside the test's
 * network namespace. Its {@code PIPPIN EVENT} lines are kept with the time they arrived; the test waits on them.
 * Its {@code user.home} gives it its own record store and file system ({@code file:///root1/x}).
 */
final class EmulatedPhone {

    private static final String EVENT = "PIPPIN EVENT ";

    final String name;
    private final Path dir;
    private final Process process;
    private final List<String> events = new ArrayList<>();
    private final List<Long> eventNanos = new ArrayList<>();

    private EmulatedPhone(String name, Path dir, Process process) {
        this.name = name;
        this.dir = dir;
        this.process = process;
        Thread t = new Thread(this::read, name + "-stdout");
        t.setDaemon(true);
        t.start();
    }

    /** Starts the MIDlet with the built JAD's attributes plus {@code attributes}; {@code audioIn} is sent in calls. */
    static EmulatedPhone start(String name, Path dir, Map<String, String> attributes, short[] audioIn)
            throws IOException {
        Path home = dir.resolve("home");
        Path root = home.resolve(".microemulator").resolve("filesystem").resolve("root1");
        Files.createDirectories(root);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        Wav.writeHeader(wav, audioIn.length * 2);
        byte[] pcm = new byte[audioIn.length * 2];
        Wav.toBytes(audioIn, 0, audioIn.length, pcm, 0);
        wav.write(pcm);
        Files.write(root.resolve("in.wav"), wav.toByteArray());
        Path jad = dir.resolve(name + ".jad");
        Files.writeString(jad, jad(attributes), StandardCharsets.UTF_8);
        String emulator = property("pippin.microemulator.jar");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home,
                "-cp", emulator + java.io.File.pathSeparator + property("pippin.microemu.jsr75.jar"),
                "org.microemu.app.Headless", "--impl", "org.microemu.cldc.file.FileSystem", "--quit",
                "--logCallLocation", "false", jad.toString());
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.log").toFile()).start();
        return new EmulatedPhone(name, dir, p);
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        assertTrue(v != null && Files.isRegularFile(Path.of(v)), name + " = " + v
                + ": run through failsafe (mvn verify), which copies the emulator and builds the MIDlet");
        return v;
    }

    /** The built JAD, its jar URL made absolute, with {@code attributes} replacing any of the same name. */
    private static String jad(Map<String, String> attributes) throws IOException {
        Path built = Path.of(property("pippin.midlet.jad"));
        Map<String, String> jad = new LinkedHashMap<>();
        for (String line : Files.readAllLines(built, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                jad.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        jad.put("MIDlet-Jar-URL", built.resolveSibling(jad.get("MIDlet-Jar-URL")).toUri().toString());
        jad.putAll(attributes);
        return jad.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream log = Files.newOutputStream(dir.resolve("stdout.log"))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                log.flush();
                if (line.startsWith(EVENT)) {
                    synchronized (this) {
                        events.add(line.substring(EVENT.length()));
                        eventNanos.add(System.nanoTime());
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // The emulator ended (or was killed); what it said is in stdout.log and awaitEvent says it is gone.
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The first event starting with {@code prefix} at or after index {@code from}; fails after {@code seconds}. */
    synchronized int awaitEvent(String prefix, int from, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (events.get(i).startsWith(prefix)) {
                    return i;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive()) {
                fail(name + ": no event '" + prefix + "' within " + seconds + " s; events: " + events + "\n"
                        + Files.readString(dir.resolve("stdout.log")));
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    synchronized String event(int i) {
        return events.get(i);
    }

    synchronized long eventNanos(int i) {
        return eventNanos.get(i);
    }

    synchronized int eventCount() {
        return events.size();
    }

    /** A file the MIDlet wrote at {@code file:///root1/<name>}. */
    Path file(String file) {
        return dir.resolve("home").resolve(".microemulator").resolve("filesystem").resolve("root1").resolve(file);
    }

    /** Stops the emulator: politely, then forcibly after 5 s. */
    void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
