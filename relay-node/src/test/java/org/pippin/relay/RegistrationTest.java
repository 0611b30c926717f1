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
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Wire;

/** REGISTER: binding a number to a secret, refusing other secrets, following a phone that moves. */
class RegistrationTest {

    @TempDir
    Path dir;

    @Test
    void firstRegistrationBindsTheSecretLaterOnesMustMatch() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "keepalive.seconds=20");
                TestPhone a = TestPhone.udp(relay.port); TestPhone thief = TestPhone.tcp(relay.port)) {
            Registered r = a.register("555", SECRET_A);
            assertEquals(20, r.keepaliveSeconds);

            thief.send(new Register("555", SECRET_B, TestPhone.GSM));
            ErrorFrame e = thief.expect(ErrorFrame.class);
            assertEquals(Wire.errorName(Wire.ERR_AUTH_FAILED), Wire.errorName(e.code));
            // The thief's connection stays unregistered: it cannot call.
            thief.send(new Invite(1, "", "555", TestPhone.GSM, 100, 0));
            assertEquals(Wire.ERR_NOT_REGISTERED, thief.expect(ErrorFrame.class).code);
            assertEquals(1, relay.server.attachedPhones());

            // A wrong secret from a fresh UDP address gets the same answer, and no session.
            try (TestPhone udpThief = TestPhone.udp(relay.port)) {
                udpThief.send(new Register("555", SECRET_B, TestPhone.GSM));
                assertEquals(Wire.ERR_AUTH_FAILED, udpThief.expect(ErrorFrame.class).code);
                udpThief.send(new Keepalive(Keepalive.PHONE_PADDING));
                assertEquals(Wire.ERR_NOT_REGISTERED, udpThief.expect(ErrorFrame.class).code);
            }

            a.send(new Keepalive(Keepalive.PHONE_PADDING));
            a.expect(Keepalive.class);
            // Registering again from the same place is harmless.
            a.register("555", SECRET_A);
            assertEquals(1, relay.server.attachedPhones());
        }
    }

    @Test
    void reRegisteringFromANewAddressMovesTheNumberAndItsCall() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir);
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int[] ch = CallTest.connect(a, b, 77, "777", "555");
            CallTest.voiceArrives(a, ch[0], b, ch[1], 1);

            // B's NAT gives it a new port, then B moves to TCP: the call follows each time.
            try (TestPhone b2 = TestPhone.udp(relay.port)) {
                b2.register("777", SECRET_B);
                CallTest.voiceArrives(a, ch[0], b2, ch[1], 2);
                CallTest.voiceArrives(b2, ch[1], a, ch[0], 3);
                // The old address is no longer B.
                b.sendVoice(ch[1], 4, CallTest.payload(4));
                RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE));
                b.send(new Keepalive(Keepalive.PHONE_PADDING));
                assertEquals(Wire.ERR_NOT_REGISTERED, b.expect(ErrorFrame.class).code);

                try (TestPhone b3 = TestPhone.tcp(relay.port)) {
                    b3.register("777", SECRET_B);
                    CallTest.voiceArrives(a, ch[0], b3, ch[1], 5);
                    CallTest.voiceArrives(b3, ch[1], a, ch[0], 6);
                    b3.send(new Bye(77, Wire.BYE_NORMAL));
                    assertEquals(77, a.expect(Bye.class).callId);
                }
            }
            // B's TCP connection closed (asynchronously): only A remains.
            RelayFixture.awaitValue(1, () -> attached(relay));
        }
    }

    @Test
    void aPhoneThatTakesAnotherNumberLeavesItsCall() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir);
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            CallTest.connect(a, b, 12, "777", "555");
            b.register("778", SECRET_B);
            Bye bye = a.expect(Bye.class);
            assertEquals(Wire.BYE_PEER_LOST, bye.reason);
            assertEquals(0, relay.server.activeCalls());
            // 777 is now unattached; 778 answers calls.
            a.send(new Invite(13, "", "777", TestPhone.GSM, 100, 0));
            CallTest.assertReject(a, 13, Wire.REJECT_UNAVAILABLE);
            a.send(new Invite(14, "", "778", TestPhone.GSM, 100, 0));
            assertEquals("555", b.expect(Invite.class).caller);
        }
    }

    static long attached(RelayFixture relay) {
        try {
            return relay.server.attachedPhones();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void secretsSurviveARestart() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir); TestPhone a = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
        }
        try (RelayFixture relay = new RelayFixture(dir); TestPhone a = TestPhone.udp(relay.port);
                TestPhone b = TestPhone.udp(relay.port)) {
            b.send(new Register("555", SECRET_B, TestPhone.GSM));
            assertEquals(Wire.ERR_AUTH_FAILED, b.expect(ErrorFrame.class).code);
            // 555 is a known number, just not attached yet after the restart.
            b.register("777", SECRET_B);
            b.send(new Invite(5, "", "555", TestPhone.GSM, 100, 0));
            CallTest.assertReject(b, 5, Wire.REJECT_UNAVAILABLE);
            a.register("555", SECRET_A);
        }
    }
}
