package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SIP side as an operator uses it: the jar's sip-password command, then a relay with sip.enabled=true. */
public class SipJarIT {

    static final Pattern READY = Pattern.compile("PIPPIN RELAY READY udp=(\\d+) tcp=(\\d+) http=(\\d+) sip=(\\d+)");

    @TempDir
    Path dir;

    /** The jar with {@code args}; stderr (the relay's log) joins stdout only for the command-line tool. */
    private Process launch(boolean tool, String... args) throws Exception {
        String jar = System.getProperty("pippin.relay.jar", "target/pippin-relay.jar");
        assertTrue(Files.exists(Path.of(jar)), jar + " missing: run mvn package");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd);
        return (tool ? b.redirectErrorStream(true) : b.redirectError(dir.resolve("stderr.txt").toFile())).start();
    }

    /** Runs {@code sip-password NUMBER} with {@code password} on stdin; returns exit code and output. */
    private String setPassword(String number, String password) throws Exception {
        Process p = launch(true, "sip-password", number, "--set", "data.dir=" + dir.resolve("data"));
        try (OutputStream in = p.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue() + " " + out;
    }

    @Test
    void passwordFromTheCommandLineToolRegistersThroughTheRunningJar() throws Exception {
        assertEquals("0 SIP password of 55500001 set (realm pippin, " + dir.resolve("data").resolve("sip-passwords")
                + ")", setPassword("55500001", "a-long-sip-password"));
        assertEquals("2 pippin-relay: a SIP password needs at least 10 characters", setPassword("55500002", "short"));
        assertEquals("2 pippin-relay: 'abc' is not a phone number", setPassword("abc", "a-long-sip-password"));
        String stored = Files.readString(dir.resolve("data").resolve("sip-passwords"));
        assertTrue(!stored.contains("a-long-sip-password") && stored.contains("55500001 pippin "), stored);

        Process relay = launch(false, "--set", "listen.address=127.0.0.1", "--set", "listen.port=0", "--set", "http.port=0",
                "--set", "listen.tcp.extra.ports=", "--set", "data.dir=" + dir.resolve("data"),
                "--set", "registrar.enabled=false", "--set", "sip.enabled=true", "--set", "sip.port=0",
                "--set", "sip.rtp.ports=0-0");
        try {
            String ready = RelayJarIT.lines(relay).poll(30, TimeUnit.SECONDS);
            assertNotNull(ready, "no READY line within 30 s");
            Matcher m = READY.matcher(ready);
            assertTrue(m.matches(), ready);
            try (SipProbe probe = new SipProbe(Integer.parseInt(m.group(4)))) {
                String challenge = SipProbe.header(probe.register("55500001", null), "WWW-Authenticate");
                assertEquals(403, SipProbe.status(probe.register("55500001",
                        SipProbe.answer(challenge, "55500001", "a-wrong-sip-password", "REGISTER",
                                probe.registrarUri()))));
                assertEquals(200, SipProbe.status(probe.register("55500001",
                        SipProbe.answer(challenge, "55500001", "a-long-sip-password", "REGISTER",
                                probe.registrarUri()))));
            }
        } finally {
            relay.destroy();
            assertTrue(relay.waitFor(30, TimeUnit.SECONDS), "relay did not stop on SIGTERM");
        }
    }
}
