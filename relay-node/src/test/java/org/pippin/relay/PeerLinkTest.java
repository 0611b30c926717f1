package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pippin.relay.CallTest.SECRET_B;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.PeerChallenge;
import org.pippin.protocol.PeerHello;
import org.pippin.protocol.PeerLogin;
import org.pippin.protocol.Reject;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.Relays;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * The accepting side of a relay link, driven by a test relay on a TCP socket: the key exchange (and refusals),
 * a forwarded INVITE ringing a phone attached here, voice both ways with each relay's own channels, and BYE to the
 * phone when the link dies. The DHT is on but unreachable: links need none of it.
 */
class PeerLinkTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    private RelayFixture relay;
    private IdentityKey relayKey;
    private final IdentityKey peerKey = newKey();

    @BeforeEach
    void start() throws Exception {
        relay = new RelayFixture(dir, "dht.enabled=true", "dht.node.start=false",
                "dht.proxy.port=" + NumbersTest.freePort(), "dht.public.address=127.0.0.1:7070", "dht.timeout.ms=200");
        byte[] k = Files.readAllBytes(dir.resolve("relay-identity.key"));
        relayKey = IdentityKey.decode(k, 0, k.length);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    static IdentityKey newKey() {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        return IdentityKey.fromSecret(secret);
    }

    private TestPhone link(boolean good) throws Exception {
        return link(relay.port, relayKey, peerKey, good);
    }

    /** PEER_HELLO, the relay's PEER_CHALLENGE checked, then PEER_LOGIN signed (spoilt when {@code good} is false). */
    static TestPhone link(int port, IdentityKey relayKey, IdentityKey peerKey, boolean good) throws Exception {
        TestPhone link = TestPhone.tcp(port);
        byte[] nonce = new byte[Wire.NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        link.send(new PeerHello(peerKey.publicKey(), nonce));
        PeerChallenge c = link.expect(PeerChallenge.class);
        assertArrayEquals(relayKey.publicKey(), c.relayKey());
        byte[] theirs = PeerLinks.transcript(peerKey.publicKey(), relayKey.publicKey(), nonce, c.nonce(), (byte) 1);
        assertTrue(IdentityKey.verify(relayKey.publicKey(), PeerLinks.DOMAIN, theirs, 0, theirs.length,
                c.signature(), 0), "the relay proves its key");
        byte[] mine = PeerLinks.transcript(peerKey.publicKey(), relayKey.publicKey(), nonce, c.nonce(), (byte) 2);
        byte[] sig = new byte[IdentityKey.SIGNATURE_SIZE];
        peerKey.sign(PeerLinks.DOMAIN, mine, 0, mine.length, sig, 0);
        if (!good) {
            sig[5] ^= 1;
        }
        link.send(new PeerLogin(sig));
        return link;
    }

    @Test
    void aForwardedInviteRingsAPhoneHereAndVoiceCrossesTheLink() throws Exception {
        try (TestPhone b = TestPhone.udp(relay.port)) {
            b.register("777", SECRET_B);
            // Not in the try: closing it in the middle is the point (the relay's @AfterEach close covers a failure).
            TestPhone link = link(true);
            int callId = 0x1234abcd;
            // 42: the channel the calling relay gave this call; voice to it must come back on 42.
            link.send(new Invite(callId, "555", "777", TestPhone.GSM, 100, 42));
            Invite in = b.expect(Invite.class);
            assertEquals("555", in.caller);
            assertTrue(in.channel > 0);
            b.send(new Ringing(callId));
            assertEquals(callId, link.expect(Ringing.class).callId);
            b.send(new Answer(callId, Wire.CODEC_GSM, 100, 0));
            Answer ans = link.expect(Answer.class);
            assertTrue(ans.channel > 0 && ans.channel != in.channel, "the relay's channel for the link's leg");

            byte[] payload = CallTest.payload(1);
            link.sendVoice(ans.channel, 1, payload);
            byte[] atB = b.expectVoice();
            assertEquals(in.channel, VoicePacket.channel(atB, 0));
            assertArrayEquals(payload, Arrays.copyOfRange(atB, VoicePacket.HEADER, atB.length));
            b.sendVoice(in.channel, 2, payload);
            byte[] onLink = link.expectVoice();
            assertEquals(42, VoicePacket.channel(onLink, 0));
            assertEquals(2, VoicePacket.sequence(onLink, 0));
            // Keys cross the link both ways, like the other call frames.
            link.send(new Dtmf(callId, 11, 100));
            assertEquals(11, b.expect(Dtmf.class).event);
            b.send(new Dtmf(callId, 5, 80));
            Dtmf key = link.expect(Dtmf.class);
            assertEquals(callId, key.callId);
            assertEquals(5, key.event);
            assertEquals(80, key.duration);

            link.close();
            Bye bye = b.expect(Bye.class);
            assertEquals(callId, bye.callId);
            assertEquals(Wire.BYE_PEER_LOST, bye.reason);
        }
    }

    @Test
    void aLoginThatDoesNotVerifyClosesTheLink() throws Exception {
        try (TestPhone link = link(false)) {
            ErrorFrame e = link.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_AUTH_FAILED, e.code);
            assertEquals("PEER_LOGIN signature does not verify", e.detail);
            link.expectClosed();
        }
    }

    @Test
    void callsBeforeTheKeysAreProvenCloseTheLink() throws Exception {
        try (TestPhone link = TestPhone.tcp(relay.port)) {
            byte[] nonce = new byte[Wire.NONCE_SIZE];
            link.send(new PeerHello(peerKey.publicKey(), nonce));
            link.expect(PeerChallenge.class);
            link.send(new Invite(1, "555", "777", TestPhone.GSM, 100, 42));
            link.expectClosed();
        }
    }

    @Test
    void aForwardedInviteForANumberNotHereIsRejected() throws Exception {
        try (TestPhone link = link(true)) {
            link.send(new Invite(7, "555", "888", TestPhone.GSM, 100, 42));
            Reject r = link.expect(Reject.class);
            assertEquals(7, r.callId);
            assertEquals(Wire.REJECT_UNAVAILABLE, r.reason);
        }
    }

    @Test
    void aFullRelayWithNoOtherRelayKnownSaysRelayFull() throws Exception {
        relay.close();
        relay = new RelayFixture(dir, "dht.enabled=true", "dht.node.start=false",
                "dht.proxy.port=" + NumbersTest.freePort(), "dht.public.address=127.0.0.1:7070", "dht.timeout.ms=200",
                "uplink.kbps=8");
        try (TestPhone b = TestPhone.udp(relay.port); TestPhone link = link(true)) {
            b.register("777", SECRET_B);
            link.send(new Invite(9, "555", "777", TestPhone.GSM, 100, 42));
            Reject r = link.expect(Reject.class);
            assertEquals(Wire.REJECT_RELAY_FULL, r.reason);
        }
    }

    @Test
    void anAttachedPhoneGetsTheRelayListAnEmptyOneBeforeTheDirectoryIsRead() throws Exception {
        try (TestPhone b = TestPhone.udp(relay.port)) {
            b.register("777", SECRET_B);
            b.send(new Relays());
            assertEquals(0, b.expect(RelayList.class).size());
        }
    }

    @Test
    void callUplinkFollowsCodecAndPacketSize() {
        // GSM 100 ms: 5 x 33 + 4 + 28 = 197 bytes every 100 ms each way = 31.52 kbit/s.
        assertEquals(32, Relay.callKbps(TestPhone.GSM | TestPhone.PCMU, 100));
        // G.711 20 ms: 160 + 4 + 28 = 192 bytes every 20 ms each way = 153.6 kbit/s.
        assertEquals(154, Relay.callKbps(TestPhone.PCMU, 20));
        // Speex 100 ms: 5 x 15 + 4 + 28 = 107 bytes every 100 ms each way = 17.12 kbit/s.
        assertEquals(18, Relay.callKbps(1 << Wire.CODEC_SPEEX, 100));
    }
}
