package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Wire;

/** Garbage on the wire: UDP drops and counts and carries on; TCP says why and closes. */
class MalformedInputTest {

    @TempDir
    Path dir;
    RelayFixture relay;

    @BeforeEach
    void start() throws Exception {
        relay = new RelayFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
    }

    @Test
    void malformedDatagramsAreCountedAndIgnored() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int[] ch = CallTest.connect(a, b, 3, "777", "555");

            a.sendRaw(new byte[0]);                                      // empty
            a.sendRaw(new byte[] {0x10, Wire.KEEPALIVE});                // shorter than a header
            a.sendRaw(new byte[] {0x20, Wire.KEEPALIVE, 0, 0});          // version 2
            a.sendRaw(new byte[] {0x10, Wire.REGISTER, 0, 9, 0x05});     // truncated REGISTER body
            RelayFixture.awaitValue(4, () -> relay.counter(Counters.Name.MALFORMED));
            // Signalling errors are reported to the sender (unreliable ERROR); the empty datagram gets nothing.
            assertEquals(Wire.ERR_MALFORMED, a.expect(ErrorFrame.class).code);
            assertEquals(Wire.ERR_UNSUPPORTED_VERSION, a.expect(ErrorFrame.class).code);
            assertEquals(Wire.ERR_MALFORMED, a.expect(ErrorFrame.class).code);

            // Voice-shaped garbage: a bare header, an unused channel.
            a.sendRaw(new byte[] {(byte) 0x80, 1, 0, 0});
            a.sendVoice(32767, 0, CallTest.payload(0));
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_BAD_LENGTH));
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL));

            // The same from a stranger with no session.
            try (TestPhone stranger = TestPhone.udp(relay.port)) {
                stranger.sendRaw(new byte[] {0x10, 0x7F, 0, 0, 1, 2, 3});    // unknown type, unreliable: ignored
                stranger.sendRaw(new byte[] {0x10, Wire.INVITE, 0, 1, 0});    // truncated INVITE: too small to answer
                stranger.sendRaw(new byte[] {0x10, Wire.INVITE, 0, 1, 0, 0}); // room for an ERROR without text
                assertEquals(Wire.ERR_MALFORMED, stranger.expect(ErrorFrame.class).code);
                RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.UNPROVEN_REPLIES_HELD));
            }

            // The call and the socket carry on.
            CallTest.voiceArrives(a, ch[0], b, ch[1], 11);
            CallTest.voiceArrives(b, ch[1], a, ch[0], 12);
            a.send(new Keepalive(Keepalive.PHONE_PADDING));
            a.expect(Keepalive.class);
            assertEquals(1, relay.server.activeCalls());
        }
    }

    @Test
    void zeroLengthTcpFrameClosesTheConnection() throws Exception {
        try (TestPhone a = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            a.sendRaw(new byte[] {0, 0, 0x10, Wire.KEEPALIVE, 0, 0});
            assertEquals(Wire.ERR_MALFORMED, a.expect(ErrorFrame.class).code);
            a.expectClosed();
            RelayFixture.awaitValue(0, () -> RegistrationTest.attached(relay));
            assertTrue(a.frames.isEmpty(), "nothing after the ERROR: " + a.frames);
        }
    }

    @Test
    void oversizedTcpFrameClosesTheConnection() throws Exception {
        try (TestPhone a = TestPhone.tcp(relay.port)) {
            a.sendRaw(new byte[] {0x04, 0x01}); // 1025 > MAX_FRAME
            ErrorFrame e = a.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_TOO_LARGE, e.code);
            assertEquals("frame length 1025 exceeds 1024", e.detail);
            a.expectClosed();
            assertEquals(1, relay.counter(Counters.Name.MALFORMED));
        }
    }

    @Test
    void badSignallingOnTcpClosesTheConnection() throws Exception {
        try (TestPhone a = TestPhone.tcp(relay.port)) {
            a.sendRaw(new byte[] {0, 4, 0x20, Wire.KEEPALIVE, 0, 0}); // version 2
            assertEquals(Wire.ERR_UNSUPPORTED_VERSION, a.expect(ErrorFrame.class).code);
            a.expectClosed();
        }
    }
}
