package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Bye;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Wire;

/** Every timer of the relay, driven by a fake clock: nothing here sleeps. */
class TimeoutTest {

    @TempDir
    Path dir;

    @Test
    void unansweredCallTimesOut() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "ring.timeout.seconds=45");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            a.send(new Invite(7, "", "777", TestPhone.GSM, 100, 0));
            b.expect(Invite.class);
            relay.advance(44);
            assertEquals(1, relay.server.activeCalls());
            relay.advance(1);
            CallTest.assertReject(a, 7, Wire.REJECT_NO_ANSWER);
            Bye bye = b.expect(Bye.class);
            assertEquals(Wire.byeName(Wire.BYE_CANCELLED), Wire.byeName(bye.reason));
            assertEquals(0, relay.server.activeCalls());
        }
    }

    @Test
    void silentCallTimesOut() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "media.timeout.seconds=30");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int[] ch = CallTest.connect(a, b, 8, "777", "555");
            relay.advance(20);
            // Voice from either side restarts the media timer.
            CallTest.voiceArrives(b, ch[1], a, ch[0], 1);
            relay.advance(29);
            assertEquals(1, relay.server.activeCalls());
            relay.advance(1);
            assertEquals(Wire.BYE_MEDIA_TIMEOUT, a.expect(Bye.class).reason);
            assertEquals(Wire.BYE_MEDIA_TIMEOUT, b.expect(Bye.class).reason);
            assertEquals(0, relay.server.activeCalls());
        }
    }

    @Test
    void silentPhoneIsDetachedAndItsPeerToldPeerLost() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "keepalive.seconds=20", "media.timeout.seconds=3600");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            CallTest.connect(a, b, 9, "777", "555");
            // A keepalive round trip makes sure A's ACKs reached the relay before the clock moves.
            a.send(new Keepalive(Keepalive.PHONE_PADDING));
            a.expect(Keepalive.class);
            // Default phone timeout: 3 x keepalive = 60 s. B keeps sending keepalives, A falls silent.
            for (int i = 0; i < 2; i++) {
                relay.advance(20);
                b.send(new Keepalive(Keepalive.PHONE_PADDING));
                b.expect(Keepalive.class);
            }
            relay.advance(19);
            assertEquals(2, relay.server.attachedPhones());
            relay.advance(1);
            Bye bye = b.expect(Bye.class);
            assertEquals(Wire.byeName(Wire.BYE_PEER_LOST), Wire.byeName(bye.reason));
            assertEquals(1, relay.server.attachedPhones());
            assertEquals(0, relay.server.activeCalls());
            // A comes back (say, out of a tunnel) and must register again.
            a.expect(Bye.class);
            a.send(new Keepalive(Keepalive.PHONE_PADDING));
            assertEquals(Wire.ERR_NOT_REGISTERED, a.expect(ErrorFrame.class).code);
        }
    }

    @Test
    void undeliverableFramesEndTheCallWithPeerLost() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir); TestPhone a = TestPhone.udp(relay.port);
                TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            b.deafen();
            a.send(new Invite(10, "", "777", TestPhone.GSM, 100, 0));
            b.expect(Invite.class);
            // B stops acknowledging: the INVITE is retransmitted at 1, 3, 7, 15, 23 s, given up at 31 s.
            for (int s : new int[] {1, 2, 4, 8, 8}) {
                relay.advance(s);
                assertEquals(1, relay.server.activeCalls());
            }
            relay.advance(8);
            if (relay.server.activeCalls() == 1) {
                // Given up 31 s after the first send, on the relay's fake-clock timer; allow one more step of it.
                relay.advance(8);
            }
            Bye bye = a.expect(Bye.class);
            assertEquals(10, bye.callId);
            assertEquals(Wire.byeName(Wire.BYE_PEER_LOST), Wire.byeName(bye.reason));
            assertEquals(0, relay.server.activeCalls());
        }
    }
}
