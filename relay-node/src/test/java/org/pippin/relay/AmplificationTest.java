package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.LoginProof;
import org.pippin.identity.ProofOfWork;
import org.pippin.identity.Release;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Login;
import org.pippin.protocol.PeerChallenge;
import org.pippin.protocol.PeerHello;
import org.pippin.protocol.PeerLogin;
import org.pippin.protocol.Probe;
import org.pippin.protocol.ProbeReply;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Redirect;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.Relays;
import org.pippin.protocol.Result;
import org.pippin.protocol.SipPassword;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmCopy;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmGreeting;
import org.pippin.protocol.VmGreetingDelete;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmPull;
import org.pippin.protocol.VmSettings;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * No amplification: whatever an address that has not proved itself sends, the relay sends it back no more bytes, over
 * the whole retransmission schedule. Each case speaks from a fresh UDP socket that never acknowledges anything, as a
 * victim whose address was forged would not; every frame type is tried, and garbage of every small length.
 */
class AmplificationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = new RelayFixture(dir, "registrar.enabled=true",
                "registrar.members=r1@127.0.0.1:" + NumbersTest.freePort(),
                "registrar.pow.difficulty=" + NumbersTest.DIFFICULTY);
        NumbersTest.awaitLeader(relay.server);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    /** Sends {@code requests} from one never-acknowledging socket; returns the bytes sent and the bytes answered. */
    private static long[] exchange(List<byte[]> requests, boolean awaitHeld) throws Exception {
        long held = relay.counter(Counters.Name.UNPROVEN_REPLIES_HELD);
        try (DatagramSocket victim = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            victim.setSoTimeout(150);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port);
            long sent = 0;
            long answered = 0;
            for (byte[] r : requests) {
                victim.send(new DatagramPacket(r, r.length, to));
                sent += r.length;
                answered += drain(victim);
            }
            if (awaitHeld) {
                // The registrar answers on its own time: wait until the relay has tried to reply and held it.
                RelayFixture.awaitValue(held + 1, () -> Math.min(held + 1,
                        relay.counter(Counters.Name.UNPROVEN_REPLIES_HELD)));
            }
            // Every retransmission the relay could make, until it gives up.
            for (int s : new int[] {1, 2, 4, 8, 8, 8}) {
                relay.advance(s);
                answered += drain(victim);
            }
            return new long[] {sent, answered};
        }
    }

    /** Reads until the socket stays quiet for its timeout; returns the bytes read. */
    private static long drain(DatagramSocket socket) throws Exception {
        long bytes = 0;
        byte[] buf = new byte[2048];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException quiet) {
                return bytes;
            }
            bytes += p.getLength();
        }
    }

    private static void assertNoAmplification(String what, List<byte[]> requests, boolean awaitHeld)
            throws Exception {
        long[] r = exchange(requests, awaitHeld);
        assertTrue(r[1] <= r[0], what + ": " + r[0] + " bytes in, " + r[1] + " bytes out");
    }

    private static void assertNoAmplification(String what, Frame f) throws Exception {
        assertNoAmplification(what, List.of(FrameCodec.encode(f)), false);
    }

    private static <T extends Frame> T reliable(T f) {
        f.messageId = 1 + RANDOM.nextInt(0xFFFF);
        return f;
    }

    private static byte[] nonce() {
        byte[] n = new byte[Wire.NONCE_SIZE];
        RANDOM.nextBytes(n);
        return n;
    }

    private static IdentityKey key() {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        return IdentityKey.fromSecret(secret);
    }

    private static byte[] claim(IdentityKey key, int mode, String number) {
        long time = KeyPhone.now();
        ProofOfWork work = Claim.work(mode, number, key.publicKey(), time, NumbersTest.DIFFICULTY);
        while (!work.search(1 << 16)) {
            // the work is cheap at the test's difficulty
        }
        return Claim.sign(key, mode, number, time, NumbersTest.DIFFICULTY, work.nonce()).encode();
    }

    @Test
    void everySignallingFrameTypeFromAnUnprovenAddress() throws Exception {
        byte[] share = new byte[100];
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"REGISTER, new number, shortest secret",
            reliable(new Register("31000001", new byte[Wire.MIN_SECRET], 3))});
        cases.add(new Object[] {"REGISTERED", reliable(new Registered("31000002", 25))});
        cases.add(new Object[] {"INVITE", reliable(new Invite(1, "", "31000003", 2, 100, 0))});
        cases.add(new Object[] {"INVITE, signed", reliable(new Invite(1, "1", "31000003", 2, 100, 0, share, share))});
        cases.add(new Object[] {"RINGING", reliable(new Ringing(1))});
        cases.add(new Object[] {"ANSWER", reliable(new Answer(1, 1, 100, 0))});
        cases.add(new Object[] {"REJECT", reliable(new Reject(1, 2))});
        cases.add(new Object[] {"BYE", reliable(new Bye(1, 0))});
        cases.add(new Object[] {"KEEPALIVE", new Keepalive()});
        cases.add(new Object[] {"KEEPALIVE, padded", new Keepalive(Keepalive.PHONE_PADDING)});
        cases.add(new Object[] {"ERROR", new ErrorFrame(Wire.ERR_MALFORMED, "")});
        cases.add(new Object[] {"ACK", new Ack(5)});
        cases.add(new Object[] {"HELLO, padded", Hello.padded(nonce())});
        cases.add(new Object[] {"HELLO, unpadded", new Hello(nonce(), 0)});
        cases.add(new Object[] {"CHALLENGE", reliable(new Challenge(nonce(), nonce(), 10, new byte[0][]))});
        cases.add(new Object[] {"LOGIN, no challenge", reliable(new Login(
            LoginProof.sign(key(), "31000004", nonce(), KeyPhone.now()).encode(), 3))});
        cases.add(new Object[] {"RELEASE", reliable(new RecordRequest(Wire.RELEASE,
            Release.sign(key(), "31000005", KeyPhone.now()).encode()))});
        cases.add(new Object[] {"BLOCKLIST", reliable(new RecordRequest(Wire.BLOCKLIST,
            BlockList.sign(key(), "31000006", 1, true, new String[0], new String[0]).encode()))});
        cases.add(new Object[] {"RESULT", reliable(new Result(Wire.CLAIM, Wire.RESULT_GRANTED, new byte[0], ""))});
        cases.add(new Object[] {"PROBE, padded", Probe.padded(new byte[Probe.NONCE_SIZE])});
        cases.add(new Object[] {"PROBE, unpadded", new Probe(new byte[Probe.NONCE_SIZE], 0)});
        cases.add(new Object[] {"PROBE_REPLY", new ProbeReply(new byte[Probe.NONCE_SIZE], 1, 1)});
        cases.add(new Object[] {"RELAYS", reliable(new Relays())});
        cases.add(new Object[] {"RELAY_LIST", reliable(new RelayList(new String[] {"a:1"}, new long[] {1}))});
        cases.add(new Object[] {"PEER_HELLO", reliable(new PeerHello(new byte[Wire.KEY_SIZE], nonce()))});
        cases.add(new Object[] {"PEER_CHALLENGE", reliable(new PeerChallenge(new byte[Wire.KEY_SIZE], nonce(),
            new byte[64]))});
        cases.add(new Object[] {"PEER_LOGIN", reliable(new PeerLogin(new byte[64]))});
        cases.add(new Object[] {"REDIRECT", reliable(new Redirect(1, Wire.REJECT_RELAY_FULL, "a:1"))});
        cases.add(new Object[] {"VM_ANSWER", reliable(new VmAnswer(1, Wire.CODEC_GSM, 100, 1, Wire.REJECT_BUSY))});
        cases.add(new Object[] {"VM_WAITING", reliable(new VmWaiting("31000007", 1, 1))});
        cases.add(new Object[] {"VM_LIST", reliable(new VmList("31000007", 0))});
        cases.add(new Object[] {"VM_LISTING", reliable(new VmListing("31000007", 1, 0, new long[] {1},
            new String[] {"31000008"}, new long[] {1}, new int[] {1}, new int[] {0}))});
        cases.add(new Object[] {"VM_FETCH", reliable(new VmFetch(1, 0, 16))});
        cases.add(new Object[] {"VM_AUDIO", reliable(new VmAudio(1, Wire.CODEC_GSM, 0, 1, new byte[33], 0, 33))});
        cases.add(new Object[] {"VM_DELETE", reliable(new VmDelete(1))});
        cases.add(new Object[] {"VM_SETTINGS", reliable(new VmSettings(new byte[] {0x30, 1, 9}))});
        cases.add(new Object[] {"VM_COPY", reliable(new VmCopy(1, 0, 1, new byte[100], 0, 100))});
        cases.add(new Object[] {"VM_PULL", reliable(new VmPull(1, "31000007"))});
        cases.add(new Object[] {"VM_GREETING", reliable(new VmGreeting("31000007", Wire.GREETING_BUSY,
            Wire.CODEC_GSM, 0, 1, new byte[33], 0, 33))});
        cases.add(new Object[] {"VM_GREETING_DELETE", reliable(new VmGreetingDelete("31000007",
            Wire.GREETING_BUSY))});
        cases.add(new Object[] {"LINKS", reliable(new RecordRequest(Wire.LINKS, new byte[] {0x40, 1, 2}))});
        cases.add(new Object[] {"LINK_CHECK", reliable(new RecordRequest(Wire.LINK_CHECK, new byte[] {0x41, 1}))});
        cases.add(new Object[] {"SIP_PASSWORD", reliable(new SipPassword("31000007", SipPassword.SET, "pippin",
            new byte[SipPassword.HA1_SIZE]))});
        cases.add(new Object[] {"DTMF", reliable(new Dtmf(1, 11, 100))});
        for (Object[] c : cases) {
            assertNoAmplification((String) c[0], (Frame) c[1]);
        }
        assertNoAmplification("unknown type, reliable", List.of(new byte[] {0x10, 0x7E, 0x12, 0x34}), false);
    }

    @Test
    void claimsAfterAForgedHelloGetNoLargerAnswer() throws Exception {
        // The worst case: HELLO then a valid CLAIM, whose RESULT carries the registrar's signed record.
        for (int mode : new int[] {Claim.SPECIFIC, Claim.RANDOM}) {
            IdentityKey key = key();
            byte[] hello = FrameCodec.encode(Hello.padded(nonce()));
            byte[] claim = FrameCodec.encode(reliable(new RecordRequest(Wire.CLAIM,
                claim(key, mode, mode == Claim.SPECIFIC ? "32000001" : "32"))));
            assertNoAmplification("HELLO + CLAIM mode " + mode, List.of(hello, claim), true);
        }
        // The same claim from a phone that acknowledged its CHALLENGE is answered in full.
        try (KeyPhone phone = new KeyPhone(TestPhone.udp(relay.port))) {
            assertEquals(Wire.RESULT_GRANTED, phone.claim("32000002", NumbersTest.DIFFICULTY).outcome);
        }
    }

    @Test
    void garbageAndVoiceFromAnUnprovenAddress() throws Exception {
        for (int len = 1; len <= 12; len++) {
            byte[] garbage = new byte[len];
            RANDOM.nextBytes(garbage);
            garbage[0] &= 0x7F; // signalling-shaped: voice from a stranger is dropped anyway
            assertNoAmplification("garbage of " + len + " bytes", List.of(garbage), false);
            byte[] header = garbage.clone();
            header[0] = 0x10;
            assertNoAmplification("version-1 header and " + (len - 1) + " garbage bytes", List.of(header), false);
        }
        byte[] packet = new byte[VoicePacket.HEADER + 165];
        VoicePacket.writeHeader(packet, 0, 1, 1);
        assertNoAmplification("voice packet", List.of(packet), false);
    }
}
