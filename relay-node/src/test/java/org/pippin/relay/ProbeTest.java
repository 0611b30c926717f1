package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Probe;
import org.pippin.protocol.ProbeReply;
import org.pippin.protocol.Wire;

/** PROBE: any address may time the relay and learn its room; the answer is never larger than the PROBE. */
class ProbeTest {

    private static final byte[] SECRET_A = "probe-secret-a".getBytes();
    private static final byte[] SECRET_B = "probe-secret-b".getBytes();

    @TempDir
    Path dir;

    private static ProbeReply probe(int port, Probe p) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(2000);
            byte[] out = FrameCodec.encode(p);
            s.send(new DatagramPacket(out, out.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            byte[] in = new byte[Wire.MAX_FRAME];
            DatagramPacket got = new DatagramPacket(in, in.length);
            s.receive(got);
            return assertInstanceOf(ProbeReply.class, FrameCodec.decode(in, 0, got.getLength()));
        }
    }

    @Test
    void aStrangerLearnsTheRelaysRoomAndItsNonceComesBack() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "uplink.kbps=100", "limits.phones=5")) {
            byte[] nonce = {9, 8, 7, 6, 5, 4, 3, 2};
            ProbeReply r = probe(relay.port, Probe.padded(nonce));
            assertArrayEquals(nonce, r.nonce());
            assertEquals(100, r.spareKbps);
            assertEquals(5, r.freePhones);

            try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.tcp(relay.port)) {
                a.register("555", SECRET_A);
                b.register("777", SECRET_B);
                assertEquals(3, probe(relay.port, Probe.padded(nonce)).freePhones);
                CallTest.connect(a, b, 0x5eed, "777", "555");
                // The call's voice takes its share of the budget.
                long spare = probe(relay.port, Probe.padded(nonce)).spareKbps;
                assertTrue(spare > 0 && spare < 100, "spare " + spare);
                // An attached phone may probe its own relay over its own connection too.
                b.send(Probe.padded(nonce));
                assertEquals(spare, b.expect(ProbeReply.class).spareKbps);
            }
        }
    }

    @Test
    void aProbeShorterThanItsReplyIsNotAnswered() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir)) {
            Probe shortProbe = new Probe(new byte[Probe.NONCE_SIZE], ProbeReply.SIZE - Wire.HEADER
                    - Probe.NONCE_SIZE - 1);
            assertThrows(SocketTimeoutException.class, () -> probe(relay.port, shortProbe));
            assertEquals(1, relay.counter(Counters.Name.UNPROVEN_REPLIES_HELD));
        }
    }
}
