package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The network's borders as a phone meets them: a relay for another region, a number outside the country code. */
class RegionIT {
    private static final Duration SIGNAL = Duration.ofSeconds(20);

    @RegisterExtension
    final Testbed bed = new Testbed();

    /**
     * The relay serves 127.0.0.2 only (its table, loopback not allowed); the phones speak from 127.0.0.1. One on UDP,
     * one on TCP: both are told REGION_REFUSED, and neither retries.
     */
    @Test
    void phoneOutsideTheRegion_isRefused() throws IOException {
        Path table = Files.createTempFile("region", ".cidr");
        try {
            Files.writeString(table, "127.0.0.2/32\n");
            Relay relay = bed.relay("relay", "network.countries=", "geo.files=" + table, "geo.allow.loopback=false");
            Phone a = bed.phone("phoneA", "1001").relay(relay).attribute("Pippin-Transport", "auto").start();
            Phone b = bed.phone("phoneB", "2002").attribute("Pippin-Relay", "127.0.0.1:" + relay.tcpPort())
                    .attribute("Pippin-Transport", "tcp").start();

            assertEquals("REGION_REFUSED", a.await("register-failed", Testbed.START).arg(0));
            assertEquals("REGION_REFUSED", b.await("register-failed", Testbed.START).arg(0));
            assertEquals(0, a.process().events().stream().filter(e -> e.name().equals("registered")).count());
            // The relay's log is read by another thread: wait for the line rather than look once.
            relay.process().awaitLine("the refused TCP connection", l -> l.contains("connection refused: outside"),
                    Testbed.START);
        } finally {
            Files.deleteIfExists(table);
        }
    }

    @Test
    void numberOutsideTheCountryCode_isNotAllowed() {
        Relay relay = bed.relay("relay");
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("+14155550100").start();
        assertEquals("1001", a.await("registered", Testbed.START).arg(0));
        String callId = a.await("dialing", SIGNAL).arg(0);
        Event rejected = a.process().awaitEvent("rejected", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("NOT_ALLOWED", rejected.arg(1));
    }
}
