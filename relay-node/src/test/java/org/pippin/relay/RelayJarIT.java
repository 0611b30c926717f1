package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Result;
import org.pippin.protocol.Wire;

/** The shaded jar as an operator runs it: a separate JVM, READY on stdout, SIGTERM to stop. */
public class RelayJarIT {

    static final Pattern READY = Pattern.compile("PIPPIN RELAY READY udp=(\\d+) tcp=(\\d+) http=(\\d+) tcp.extra=(\\d+)");

    @TempDir
    Path dir;

    private Process launch(String... args) throws IOException {
        String jar = System.getProperty("pippin.relay.jar", "target/pippin-relay.jar");
        assertTrue(Files.exists(Path.of(jar)), jar + " missing: run mvn package");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    /** The process's stdout, line by line, read on a daemon thread. */
    public static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("stdout read failed: " + e);
            }
        }, "relay-stdout");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    @Test
    void startsCarriesACallAndStopsCleanlyOnSigterm() throws Exception {
        Process relay = launch("--set", "listen.address=127.0.0.1", "--set", "listen.port=0", "--set", "http.port=0",
                "--set", "listen.tcp.extra.ports=0", "--set", "data.dir=" + dir.resolve("data"),
                "--set", "registrar.members=r1@127.0.0.1:" + NumbersTest.freePort());
        try {
            String ready = lines(relay).poll(30, TimeUnit.SECONDS);
            assertNotNull(ready, "no READY line within 30 s");
            Matcher m = READY.matcher(ready);
            assertTrue(m.matches(), ready);
            int port = Integer.parseInt(m.group(1));
            assertEquals(m.group(1), m.group(2), "one port for UDP and TCP");
            int extra = Integer.parseInt(m.group(4));
            assertNotEquals(port, extra, "the extra TCP port is a port of its own");

            // B is a phone whose carrier blocks the main port: it comes in on the extra TCP port.
            try (TestPhone a = TestPhone.udp(port); TestPhone b = TestPhone.tcp(extra)) {
                a.register("555", SECRET_A);
                b.register("777", SECRET_B);
                int[] ch = CallTest.connect(a, b, 0x600dcafe, "777", "555");
                CallTest.voiceArrives(a, ch[0], b, ch[1], 1);
                CallTest.voiceArrives(b, ch[1], a, ch[0], 2);

                relay.destroy(); // SIGTERM
                assertEquals(Wire.BYE_RELAY_SHUTDOWN, a.expect(Bye.class).reason);
                assertEquals(Wire.BYE_RELAY_SHUTDOWN, b.expect(Bye.class).reason);
            }
            assertTrue(relay.waitFor(15, TimeUnit.SECONDS), "relay did not stop on SIGTERM");
            String log = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(log.contains("call 600dcafe 555 -> 777: answered"), log);
            assertTrue(log.contains("call 600dcafe 555 -> 777: ended: BYE RELAY_SHUTDOWN"), log);
            assertTrue(log.contains("relay stopped; voice_forwarded=2"), log);
            assertTrue(Files.exists(dir.resolve("data").resolve(SecretStore.FILE)));
        } finally {
            relay.destroyForcibly();
        }
    }

    /** The embedded registrar keeps its numbers across a restart: claim, stop, start again, log in. */
    @Test
    void embeddedRegistrarSurvivesARestart() throws Exception {
        String[] args = {"--set", "listen.address=127.0.0.1", "--set", "listen.port=0", "--set", "http.port=0",
            "--set", "listen.tcp.extra.ports=0", "--set", "data.dir=" + dir.resolve("data"),
            "--set", "registrar.members=r1@127.0.0.1:" + NumbersTest.freePort(),
            "--set", "registrar.pow.difficulty=" + NumbersTest.DIFFICULTY};
        IdentityKey key;
        Process first = launch(args);
        try {
            int port = readyPort(first);
            try (KeyPhone a = new KeyPhone(TestPhone.udp(port))) {
                key = a.key;
                Result granted = a.claim("27000001", NumbersTest.DIFFICULTY);
                assertEquals(Wire.RESULT_GRANTED, granted.outcome, granted.toString());
            }
            first.destroy();
            assertTrue(first.waitFor(15, TimeUnit.SECONDS), "relay did not stop on SIGTERM");
        } finally {
            first.destroyForcibly();
        }
        Process second = launch(args);
        try {
            int port = readyPort(second);
            try (KeyPhone a = new KeyPhone(TestPhone.udp(port), key); KeyPhone b = new KeyPhone(TestPhone.udp(port))) {
                // The registrar elects itself again first; the relay waits for it (registrar.request.timeout).
                assertEquals("27000001", assertInstanceOf(Registered.class, a.login("27000001")).number);
                assertEquals(Wire.RESULT_TAKEN, b.claim("27000001", NumbersTest.DIFFICULTY).outcome);
            }
            second.destroy();
            assertTrue(second.waitFor(15, TimeUnit.SECONDS), "relay did not stop on SIGTERM");
            assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("registrar r1 started (recovered)"));
        } finally {
            second.destroyForcibly();
        }
    }

    private static int readyPort(Process relay) throws InterruptedException {
        String ready = lines(relay).poll(30, TimeUnit.SECONDS);
        assertNotNull(ready, "no READY line within 30 s");
        Matcher m = READY.matcher(ready);
        assertTrue(m.matches(), ready);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void printsTheDefaultConfig() throws Exception {
        Process p = launch("--print-default-config");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(RelayConfig.defaultFileText(), out);
    }

    @Test
    void badConfigStopsWithTheKeyNamed() throws Exception {
        Process p = launch("--set", "listen.prot=7070");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("pippin-relay: config: unknown config key 'listen.prot'",
                Files.readString(dir.resolve("stderr.txt")).trim());
    }
}
