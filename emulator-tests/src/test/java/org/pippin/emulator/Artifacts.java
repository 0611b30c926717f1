package org.pippin.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of the artifacts under test and of the emulator, handed over by the build as system properties. */
final class Artifacts {
    private Artifacts() {
    }

    static Path relayJar() {
        return existing("pippin.relay.jar", "build relay-node first (mvn -pl relay-node package)");
    }

    static Path midletJad() {
        return existing("pippin.midlet.jad", "build midlet-client first (mvn -pl midlet-client package)");
    }

    static Path microemulatorJar() {
        return existing("pippin.microemulator.jar", "run through failsafe (mvn verify) so the emulator is copied");
    }

    static Path jsr75Jar() {
        return existing("pippin.microemu.jsr75.jar", "run through failsafe (mvn verify) so the emulator is copied");
    }

    /** Root of the per-test working directories (logs, data dirs, phone file systems). */
    static Path workRoot() {
        String dir = System.getProperty("pippin.e2e.dir");
        return dir != null ? Paths.get(dir) : Paths.get("target", "e2e");
    }

    /** The java launcher of the running JVM, used for every child process. */
    static String javaLauncher() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path existing(String property, String hint) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: " + hint);
        }
        Path path = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist: " + hint);
        }
        return path;
    }
}
