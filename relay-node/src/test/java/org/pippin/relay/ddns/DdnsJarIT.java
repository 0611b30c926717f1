package org.pippin.relay.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.relay.RelayJarIT;
import org.xbill.DNS.Type;

/**
 * The shaded relay jar with dynamic DNS on, against a real named: its records appear, and follow an address change.
 * Prints the time from the change to the new record being served (not asserted: it is a figure, dominated by
 * {@code ddns.check.seconds}).
 */
class DdnsJarIT {

    private static final Pattern READY = Pattern.compile("PIPPIN RELAY READY udp=(\\d+) tcp=(\\d+)");
    private static final int CHECK_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void theRelayPublishesItsNameAndFollowsItsAddress() throws Exception {
        String jar = System.getProperty("pippin.relay.jar", "target/pippin-relay.jar");
        assertTrue(Files.exists(Path.of(jar)), jar + " missing: run mvn package");
        try (NamedServer named = NamedServer.start(dir.resolve("named")); AddressServer http = new AddressServer()) {
            System.out.println("named start-up: " + named.startupMillis + " ms");
            http.answer("/ip", "198.51.100.10");
            Process relay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar, "--set", "listen.address=127.0.0.1", "--set", "listen.port=0",
                    "--set", "data.dir=" + dir.resolve("data"), "--set", "http.port=0", "--set", "listen.tcp.extra.ports=",
                    "--set", "registrar.enabled=false",
                    "--set", "ddns.protocol=rfc2136", "--set", "ddns.name=jar-relay.pippin.test",
                    "--set", "ddns.server=" + named.server(), "--set", "ddns.zone=pippin.test",
                    "--set", "ddns.tsig.keyfile=" + named.keyFile, "--set", "ddns.address.url=" + http.url("/ip"),
                    "--set", "ddns.check.seconds=" + CHECK_SECONDS)
                    .redirectError(dir.resolve("stderr.txt").toFile()).start();
            try {
                String ready = RelayJarIT.lines(relay).poll(30, TimeUnit.SECONDS);
                assertNotNull(ready, "no READY line within 30 s");
                Matcher m = READY.matcher(ready);
                assertTrue(m.lookingAt(), ready);
                String port = m.group(1);

                assertTrue(waitFor(named, "198.51.100.10", 20_000), "A record never appeared; relay log:\n"
                        + Files.readString(dir.resolve("stderr.txt")));
                for (String proto : Rfc2136Updater.SRV_PROTOCOLS) {
                    List<String> srv = named.query("_pippin." + proto + ".pippin.test", Type.SRV);
                    assertTrue(srv.contains("10 10 " + port + " jar-relay.pippin.test."), srv.toString());
                    assertTrue(srv.contains("10 10 7070 " + NamedServer.OTHER_RELAY), srv.toString());
                }

                long t0 = System.nanoTime();
                http.answer("/ip", "198.51.100.11");
                assertTrue(waitFor(named, "198.51.100.11", (CHECK_SECONDS + 10) * 1000L),
                        "new address never appeared; relay log:\n" + Files.readString(dir.resolve("stderr.txt")));
                System.out.println("address change -> new A record served by named: "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms (ddns.check.seconds=" + CHECK_SECONDS + ")");

                relay.destroy();
                assertTrue(relay.waitFor(15, TimeUnit.SECONDS), "relay did not stop on SIGTERM");
                String log = Files.readString(dir.resolve("stderr.txt"));
                assertTrue(log.contains("ddns jar-relay.pippin.test.: published 198.51.100.11 (was 198.51.100.10)"),
                        log);
                assertTrue(log.contains("ddns jar-relay.pippin.test.: stopped"), log);
                assertEquals(List.of("198.51.100.11"), named.query("jar-relay.pippin.test", Type.A));
            } finally {
                relay.destroyForcibly();
            }
        }
    }

    /** Polls named (a separate process, so there is no clock to move) until the A record is {@code address}. */
    private static boolean waitFor(NamedServer named, String address, long timeoutMillis) throws Exception {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < end) {
            if (named.query("jar-relay.pippin.test", Type.A).equals(List.of(address))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
