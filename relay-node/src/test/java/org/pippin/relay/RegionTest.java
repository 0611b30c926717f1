package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Register;
import org.pippin.protocol.Wire;

/**
 * Country restriction through real sockets: the relay's table holds 127.0.0.2/32 only, loopback not allowed, so a
 * phone speaking from 127.0.0.2 is "in the country" and one from 127.0.0.3 is not.
 */
class RegionTest {

    @TempDir
    Path dir;
    RelayFixture relay;
    InetAddress inside;
    InetAddress outside;

    @BeforeEach
    void start() throws Exception {
        Path table = Files.writeString(dir.resolve("lab.cidr"), "# the lab's one address\n127.0.0.2/32\n");
        relay = new RelayFixture(dir.resolve("data"), "network.countries=", "geo.files=" + table,
                "geo.allow.loopback=false", "geo.allow.private=false");
        inside = InetAddress.getByName("127.0.0.2");
        outside = InetAddress.getByName("127.0.0.3");
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void phoneInsideRegistersPhoneOutsideIsRefused() throws Exception {
        try (TestPhone in = TestPhone.udpFrom(inside, relay.port);
             TestPhone out = TestPhone.udpFrom(outside, relay.port)) {
            in.register("555", SECRET_A);
            out.send(new Register("777", SECRET_B, TestPhone.GSM));
            ErrorFrame e = out.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_REGION_REFUSED, e.code);
            assertEquals("", e.detail, "no detail text to a possibly spoofed address");
            assertEquals(1, relay.counter(Counters.Name.REGION_REFUSED));
            assertEquals(1, relay.server.attachedPhones());
        }
    }

    @Test
    void answerIsNeverLargerThanTheDatagram() throws Exception {
        byte[] register = FrameCodec.encode(new Register("777", SECRET_B, TestPhone.GSM));
        byte[] refusal = FrameCodec.encode(new ErrorFrame(Wire.ERR_REGION_REFUSED, ""));
        assertTrue(refusal.length <= register.length, refusal.length + " vs " + register.length);
        try (TestPhone out = TestPhone.udpFrom(outside, relay.port)) {
            out.sendRaw(FrameCodec.encode(new Keepalive()));                          // 4 bytes: too small to answer
            out.sendRaw(new byte[] {0x10, Wire.ERROR, 0, 0, 1, 0});                  // an ERROR is never answered
            out.sendRaw(new byte[] {(byte) 0x80, 1, 0, 0, 1, 2, 3, 4, 5, 6});        // voice: dropped
            out.sendRaw(register);
            // Loopback keeps order: the first answer is the REGISTER's, so nothing answered the three before it.
            assertEquals(Wire.ERR_REGION_REFUSED, out.expect(ErrorFrame.class).code);
            RelayFixture.awaitValue(3, () -> relay.counter(Counters.Name.REGION_REFUSED));
            assertEquals(null, out.frames.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void tcpFromOutsideIsToldAndClosed() throws Exception {
        try (TestPhone in = TestPhone.tcpFrom(inside, relay.port);
             TestPhone out = TestPhone.tcpFrom(outside, relay.port)) {
            ErrorFrame e = out.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_REGION_REFUSED, e.code);
            assertEquals("this relay serves another region", e.detail);
            out.expectClosed();
            in.register("555", SECRET_A);
            assertEquals(1, relay.counter(Counters.Name.REGION_REFUSED));
        }
    }
}
