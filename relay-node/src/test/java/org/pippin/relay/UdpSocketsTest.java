package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pippin.relay.CallTest.SECRET_A;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Wire;

/**
 * A relay with four UDP sockets on one port, each with its own thread: calls between UDP phones spread over them are
 * forwarded by those threads directly, the relay's timers still see that voice, and a phone that moves mid-call is
 * followed.
 */
class UdpSocketsTest {

    static final int SOCKETS = 4;
    static final int CALLS = 8;

    @TempDir
    Path dir;

    /** Registers, then proves its address with a keepalive round trip (the relay's next frames then go out). */
    private static void attach(TestPhone phone, String number) throws Exception {
        phone.register(number, (number + "-secret").getBytes(StandardCharsets.US_ASCII));
        phone.roundTrip();
    }

    @Test
    void callsSpreadOverTheSocketsAreForwardedDirectlyAndKeepTheirTimers() throws Exception {
        List<TestPhone> phones = new ArrayList<>();
        try (RelayFixture relay = new RelayFixture(dir, "transport.udp.sockets=" + SOCKETS,
                "media.timeout.seconds=30", "keepalive.seconds=20")) {
            assertEquals(SOCKETS, udpSocketsOn(relay.port), "sockets bound to the relay's port");
            int[][] channels = new int[CALLS][];
            for (int c = 0; c < CALLS; c++) {
                TestPhone a = TestPhone.udp(relay.port);
                TestPhone b = TestPhone.udp(relay.port);
                phones.add(a);
                phones.add(b);
                attach(a, "55" + c);
                attach(b, "77" + c);
                channels[c] = CallTest.connect(a, b, 100 + c, "77" + c, "55" + c);
            }
            int sent = 0;
            for (int seq = 1; seq <= 5; seq++) {
                for (int c = 0; c < CALLS; c++) {
                    TestPhone a = phones.get(2 * c);
                    TestPhone b = phones.get(2 * c + 1);
                    CallTest.voiceArrives(a, channels[c][0], b, channels[c][1], seq);
                    CallTest.voiceArrives(b, channels[c][1], a, channels[c][0], seq + 1000);
                    sent += 2;
                }
            }
            long all = sent;
            RelayFixture.awaitValue(all, () -> relay.counter(Counters.Name.VOICE_FORWARDED));
            assertEquals(all, relay.counter(Counters.Name.VOICE_FORWARDED_DIRECT), "every packet on a direct route");
            assertEquals(0, relay.server.counters().voiceDropped());

            // Voice alone, never a keepalive, for 100 s: past the 30 s media timeout and the 60 s phone timeout
            // several times over, so the threads' reports of voice heard must reach the timers.
            for (int round = 0; round < 5; round++) {
                relay.advance(20);
                for (int c = 0; c < CALLS; c++) {
                    TestPhone a = phones.get(2 * c);
                    TestPhone b = phones.get(2 * c + 1);
                    CallTest.voiceArrives(a, channels[c][0], b, channels[c][1], 10 + round);
                    CallTest.voiceArrives(b, channels[c][1], a, channels[c][0], 20 + round);
                }
            }
            relay.advance(1);
            assertEquals(CALLS, relay.server.activeCalls());
            assertEquals(2 * CALLS, relay.server.attachedPhones());

            // Call 0's B gets a new NAT port: its call follows, and its old address is no longer heard.
            TestPhone oldB = phones.get(1);
            try (TestPhone newB = TestPhone.udp(relay.port)) {
                attach(newB, "770");
                CallTest.voiceArrives(phones.get(0), channels[0][0], newB, channels[0][1], 30);
                CallTest.voiceArrives(newB, channels[0][1], phones.get(0), channels[0][0], 31);
                oldB.sendVoice(channels[0][1], 32, CallTest.payload(32));
                RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE));

                // Ended calls free their channels on every socket: late voice is dropped where it arrives.
                for (int c = 0; c < CALLS; c++) {
                    phones.get(2 * c).send(new Bye(100 + c, Wire.BYE_NORMAL));
                    assertEquals(100 + c, (c == 0 ? newB : phones.get(2 * c + 1)).expect(Bye.class).callId);
                }
                assertEquals(0, relay.server.activeCalls());
                for (int c = 0; c < CALLS; c++) {
                    phones.get(2 * c).sendVoice(channels[c][0], 40, CallTest.payload(40));
                }
                RelayFixture.awaitValue(CALLS, () -> relay.counter(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL));
                // Each phone's ACK of its BYE is behind it on its own socket: a keepalive round trip makes sure the
                // relay heard it before the clock moves (another socket's datagrams say nothing about this one's).
                for (TestPhone p : phones) {
                    if (p != oldB) {
                        p.roundTrip();
                    }
                }
                newB.roundTrip();
            }

            // Silent from here on, neither voice nor keepalives: every phone times out as before.
            relay.advance(61);
            assertEquals(0, relay.server.attachedPhones());
        } finally {
            for (TestPhone p : phones) {
                p.close();
            }
        }
    }

    @Test
    void oneSocketForwardsDirectlyOnTheEventLoop() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "transport.udp.sockets=1");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            assertEquals(1, udpSocketsOn(relay.port));
            a.register("555", SECRET_A);
            b.register("777", CallTest.SECRET_B);
            int[] ch = CallTest.connect(a, b, 7, "777", "555");
            CallTest.voiceArrives(a, ch[0], b, ch[1], 1);
            CallTest.voiceArrives(b, ch[1], a, ch[0], 2);
            RelayFixture.awaitValue(2, () -> relay.counter(Counters.Name.VOICE_FORWARDED_DIRECT));
        }
    }

    /** UDP sockets of this machine bound to {@code port} (IPv4 and IPv6), from the kernel's own tables. */
    static int udpSocketsOn(int port) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X ", port);
        int n = 0;
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && (f[1] + " ").endsWith(local)) {
                    n++;
                }
            }
        }
        return n;
    }
}
