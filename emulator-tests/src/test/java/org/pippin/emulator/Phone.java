package org.pippin.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One phone: the built MIDlet in MicroEmulator, headless, in its own JVM (the emulator keeps static state, so one
 * MIDlet per JVM). Each phone gets its own {@code user.home}, which gives it its own emulator configuration, record
 * stores and JSR-75 file system: {@code file:///root1/x} is {@code <phone dir>/home/.microemulator/filesystem/root1/x}.
 */
final class Phone {
    static final String EMULATOR_MAIN = "org.microemu.app.Headless";
    /** MicroEmulator's JSR-75 (FileConnection) implementation, from microemu-jsr-75. */
    static final String FILE_CONNECTION_IMPL = "org.microemu.cldc.file.FileSystem";
    static final String ROOT = "root1";
    static final String AUDIO_IN = "in.wav";
    static final String AUDIO_OUT = "out.wav";

    private final Path fileRoot;
    private final ManagedProcess process;

    private Phone(Path fileRoot, ManagedProcess process) {
        this.fileRoot = fileRoot;
        this.process = process;
    }

    ManagedProcess process() {
        return process;
    }

    Event await(String event, Duration timeout) {
        return process.awaitEvent(event, timeout);
    }

    /** The WAV the MIDlet wrote from received audio ({@code Pippin-Audio-Out}). */
    Path recording() {
        return fileRoot.resolve(AUDIO_OUT);
    }

    /**
     * Installs over the air: MicroEmulator fetches the JAD from {@code jadUrl} and the jar from the JAD's
     * {@code MIDlet-Jar-URL}, as a phone's browser would. The phone has only the attributes that JAD carries.
     */
    static Phone installFrom(String name, String jadUrl, Path dir, ProcessLog log, List<ManagedProcess> owner) {
        Path home = dir.resolve("home");
        Path fileRoot = home.resolve(".microemulator").resolve("filesystem").resolve(ROOT);
        try {
            Files.createDirectories(fileRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare phone " + name + " in " + dir, e);
        }
        return launch(name, List.of(), List.of(), List.of(), dir, home, fileRoot, jadUrl, log, owner);
    }

    /** {@code prefix}: what runs the emulator's JVM, e.g. {@code ip netns exec <ns>}; empty to run it directly. */
    /** {@code jvmOptions}: extra options for the emulator's JVM, e.g. {@code -Xint}. */
    /** {@code emulatorOptions}: extra options for MicroEmulator itself, e.g. {@code --rms file}. */
    private static Phone launch(String name, List<String> prefix, List<String> jvmOptions, List<String> emulatorOptions,
            Path dir, Path home, Path fileRoot, String jad, ProcessLog log, List<ManagedProcess> owner) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Artifacts.javaLauncher());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xmx64m",
                "-Duser.home=" + home,
                "-cp", Artifacts.microemulatorJar() + java.io.File.pathSeparator + Artifacts.jsr75Jar(),
                EMULATOR_MAIN,
                "--impl", FILE_CONNECTION_IMPL,
                "--quit",
                "--logCallLocation", "false"));
        command.addAll(emulatorOptions);
        command.add(jad);
        ManagedProcess process = ManagedProcess.start(name, command, dir, log);
        owner.add(process);
        return new Phone(fileRoot, process);
    }

    /** Builds a per-phone JAD (the built one plus test attributes) and launches the emulator. */
    static final class Setup {
        private final String name;
        private final Path dir;
        private final ProcessLog log;
        private final List<ManagedProcess> owner;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<String> prefix = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> emulatorOptions = new ArrayList<>();
        private short[] audioIn;

        Setup(String name, String number, Path dir, ProcessLog log, List<ManagedProcess> owner) {
            this.name = name;
            this.dir = dir;
            this.log = log;
            this.owner = owner;
            // The phone claims its number at start (its record store, and so its key, is new every run).
            attributes.put("Pippin-Auto-Claim", number);
            attributes.put("Pippin-Audio", "file");
            attributes.put("Pippin-Audio-Out", fileUrl(AUDIO_OUT));
            attributes.put("Pippin-Exit-After-Call", "true");
        }

        Setup relay(Relay relay) {
            return attribute("Pippin-Relay", relay.address());
        }

        /** Through a counting tap; UDP only, since the tap forwards datagrams only. */
        Setup relay(UdpTap tap) {
            attribute("Pippin-Transport", "udp");
            return attribute("Pippin-Relay", tap.address());
        }

        /** Behind a network that blocks UDP; the transport stays as configured (auto in the built JAD). */
        Setup relay(UdpBlockedPort port) {
            return attribute("Pippin-Relay", port.address());
        }

        /** Runs the emulator inside a network namespace of the test's own. */
        Setup in(TestNetwork.Host host) {
            prefix.addAll(host.exec());
            return this;
        }

        Setup dial(String callee) {
            return attribute("Pippin-Auto-Dial", callee);
        }

        /** {@code answer} or {@code reject}. */
        Setup autoAnswer(String mode) {
            return attribute("Pippin-Auto-Answer", mode);
        }

        /** Gives the number up once the first call is over (then exits, if told to exit after the call). */
        Setup dumpAfterCall() {
            return attribute("Pippin-Auto-Dump", "after-call");
        }

        Setup anonymous() {
            return attribute("Pippin-Auto-Anonymous", "true");
        }

        Setup hangUpAtEndOfAudio() {
            return attribute("Pippin-Auto-Hangup", "end-of-audio");
        }

        /** Audio this phone sends, written as an 8 kHz 16-bit mono WAV into its file system. */
        Setup send(short[] pcm) {
            this.audioIn = pcm.clone();
            return attribute("Pippin-Audio-In", fileUrl(AUDIO_IN));
        }

        /** Runs the emulator's JVM with {@code option} too. */
        Setup jvm(String option) {
            jvmOptions.add(option);
            return this;
        }

        /**
         * Keeps the record stores (the phone's key and numbers) in files under the phone's home, as a handset keeps
         * them across restarts; without it MicroEmulator keeps them in memory, for the life of its process. Started
         * again under the same name, the phone is the same phone.
         */
        Setup keepRecords() {
            emulatorOptions.addAll(List.of("--rms", "file"));
            return this;
        }

        Setup attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        Phone start() {
            Path home = dir.resolve("home");
            Path fileRoot = home.resolve(".microemulator").resolve("filesystem").resolve(ROOT);
            Path jad = dir.resolve(name + ".jad");
            try {
                Files.createDirectories(fileRoot);
                if (audioIn != null) {
                    WavFile.write(fileRoot.resolve(AUDIO_IN), audioIn);
                }
                Files.writeString(jad, jadText(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare phone " + name + " in " + dir, e);
            }
            return launch(name, prefix, jvmOptions, emulatorOptions, dir, home, fileRoot, jad.toString(), log, owner);
        }

        /**
         * The built JAD with the jar URL made absolute (the per-phone JAD lives elsewhere) and the test attributes
         * replacing any of the same name.
         */
        private String jadText() throws IOException {
            Path built = Artifacts.midletJad();
            Map<String, String> jad = new LinkedHashMap<>();
            for (String line : Files.readAllLines(built, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException(built + ": not a JAD attribute line: " + line);
                }
                jad.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
            String jarUrl = jad.get("MIDlet-Jar-URL");
            if (jarUrl == null) {
                throw new IOException(built + " has no MIDlet-Jar-URL");
            }
            Path jar = built.resolveSibling(jarUrl);
            if (!Files.isRegularFile(jar)) {
                throw new IOException(built + ": MIDlet-Jar-URL " + jarUrl + " does not name a file next to it");
            }
            jad.put("MIDlet-Jar-URL", jar.toUri().toString());
            jad.putAll(attributes);
            List<String> lines = new ArrayList<>();
            jad.forEach((key, value) -> lines.add(key + ": " + value));
            return String.join("\n", lines) + "\n";
        }

        private static String fileUrl(String file) {
            return "file:///" + ROOT + "/" + file;
        }
    }
}
