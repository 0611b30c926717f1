package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.Wire;
import org.pippin.sip.SipPasswords;

/**
 * The relay's SIP side with a real softphone: baresip registers a number with its SIP password (digest), calls a
 * Pippin phone and another SIP phone and is called by one, with audio checked both ways (a tone each way, through GSM 06.10 on the Pippin
 * side and G.711 µ-law RTP on the SIP side). Refusals are probed with hand-written requests: nothing an
 * unauthenticated client gets back tells a number with a SIP password from one without.
 */
class SipPhoneTest {

    static final String SIP_NUMBER = "55500001";
    static final String SIP_PASSWORD = "correct-horse-1";
    static final String PIPPIN_NUMBER = "55500002";
    static final String SIP_NUMBER_2 = "55500003";
    static final String SIP_PASSWORD_2 = "battery-staple-2";
    static final byte[] SECRET = "secret-of-pippin".getBytes(StandardCharsets.US_ASCII);
    /** Pippin phone sends 1000 Hz, baresip's microphone plays 600 Hz. */
    static final double PIPPIN_TONE = 1000;
    static final double SIP_TONE = 600;

    @TempDir
    Path dir;
    RelayFixture relay;
    int sipPort;

    @BeforeEach
    void start() throws Exception {
        Path data = dir.resolve("data");
        new SipPasswords(data, "pippin").set(SIP_NUMBER, SIP_PASSWORD);
        new SipPasswords(data, "pippin").set(SIP_NUMBER_2, SIP_PASSWORD_2);
        relay = new RelayFixture(data, "sip.enabled=true", "sip.port=0", "sip.rtp.ports=0-0");
        sipPort = relay.server.sipPort();
        assertTrue(sipPort > 0, "SIP side listening");
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private Baresip baresip(String password) throws Exception {
        return baresip("baresip", SIP_NUMBER, password, SIP_TONE);
    }

    private Baresip baresip(String name, String number, String password, double hz) throws Exception {
        Path tone = dir.resolve("tone" + (int) hz + ".wav");
        if (!Files.exists(tone)) {
            writeTone(tone, hz, 30);
        }
        return new Baresip(dir.resolve(name), sipPort, number, password, tone);
    }

    @Test
    void pippinPhoneCallsSipPhoneWithAudioBothWays() throws Exception {
        try (Baresip sip = baresip(SIP_PASSWORD); TestPhone phone = TestPhone.udp(relay.port)) {
            awaitRegistered();
            phone.register(PIPPIN_NUMBER, SECRET);
            int callId = 0x51500001;
            phone.send(new Invite(callId, "", SIP_NUMBER, TestPhone.GSM, 100, 0));
            Answer answer = expectAnswer(phone, callId);
            assertEquals(Wire.CODEC_GSM, answer.codec);
            assertEquals(100, answer.ptimeMs);
            String incoming = sip.expectEvent("CALL_ESTABLISHED");
            // Caller ID: the relay's verified number of the calling phone.
            assertTrue(incoming.contains(PIPPIN_NUMBER), incoming);

            short[] heard = talk(phone, answer.channel, 30);
            checkTone("Pippin phone hears baresip", heard, SIP_TONE, PIPPIN_TONE);

            phone.send(new Bye(callId, Wire.BYE_NORMAL));
            sip.expectEvent("CALL_CLOSED");
            checkRecording(sip, PIPPIN_TONE, SIP_TONE);
        }
    }

    @Test
    void sipPhoneCallsPippinPhoneWithAudioBothWays() throws Exception {
        try (Baresip sip = baresip(SIP_PASSWORD); TestPhone phone = TestPhone.udp(relay.port)) {
            awaitRegistered();
            phone.register(PIPPIN_NUMBER, SECRET);
            // The INVITE comes from the SIP side, not behind the phone's ACK of REGISTERED: that ACK must be in.
            phone.roundTrip();
            sip.command("dial", "sip:" + PIPPIN_NUMBER + "@127.0.0.1:" + sipPort);
            Invite in = phone.expect(Invite.class);
            // The caller is the number baresip authenticated as, whatever its From header says.
            assertEquals(SIP_NUMBER, in.caller);
            assertEquals(PIPPIN_NUMBER, in.callee);
            phone.send(new Ringing(in.callId));
            phone.send(new Answer(in.callId, Wire.CODEC_GSM, 100, 0));
            sip.expectEvent("CALL_ESTABLISHED");

            short[] heard = talk(phone, in.channel, 30);
            checkTone("Pippin phone hears baresip", heard, SIP_TONE, PIPPIN_TONE);

            sip.command("hangup", "");
            Bye bye = phone.expect(Bye.class);
            assertEquals(in.callId, bye.callId);
            sip.expectEvent("CALL_CLOSED");
            checkRecording(sip, PIPPIN_TONE, SIP_TONE);
        }
    }

    @Test
    void sipPhoneCallsSipPhoneThroughTheRelay() throws Exception {
        try (Baresip a = baresip("baresipA", SIP_NUMBER, SIP_PASSWORD, SIP_TONE);
             Baresip b = baresip("baresipB", SIP_NUMBER_2, SIP_PASSWORD_2, PIPPIN_TONE)) {
            awaitRegistered(2);
            a.command("dial", "sip:" + SIP_NUMBER_2 + "@127.0.0.1:" + sipPort);
            String atB = b.expectEvent("CALL_ESTABLISHED");
            assertTrue(atB.contains(SIP_NUMBER), "caller ID at B: " + atB);
            a.expectEvent("CALL_ESTABLISHED");
            // Three seconds of talk: each side's tone crosses the relay (µ-law -> Pippin codec -> µ-law).
            Thread.sleep(3000);
            a.command("hangup", "");
            a.expectEvent("CALL_CLOSED");
            b.expectEvent("CALL_CLOSED");
            checkRecording(b, SIP_TONE, PIPPIN_TONE);
            checkRecording(a, PIPPIN_TONE, SIP_TONE);
        }
    }

    @Test
    void pippinPhoneHearsRefusalsOfTheSipPhoneAndUnregisteredNumbers() throws Exception {
        try (TestPhone phone = TestPhone.udp(relay.port)) {
            phone.register(PIPPIN_NUMBER, SECRET);
            // A number with a SIP password but no registration is not attached anywhere: unavailable like any.
            phone.send(new Invite(0x51500003, "", SIP_NUMBER, TestPhone.GSM, 100, 0));
            Reject r = phone.expect(Reject.class);
            assertEquals(Wire.REJECT_NOT_IN_SERVICE, r.reason);
        }
    }

    @Test
    void refusalsRevealNoNumber() throws Exception {
        try (SipProbe probe = new SipProbe(sipPort)) {
            // No credentials: the same challenge whether the number has a SIP password or not.
            String known = probe.register(SIP_NUMBER, null);
            String unknown = probe.register("55599999", null);
            assertEquals(401, SipProbe.status(known));
            assertEquals(401, SipProbe.status(unknown));
            String challenge = SipProbe.header(known, "WWW-Authenticate");
            assertEquals(withoutNonce(challenge), withoutNonce(SipProbe.header(unknown, "WWW-Authenticate")));
            assertEquals("pippin", SipProbe.param(challenge, "realm"));

            // Wrong password and unknown number: both 403.
            String uri = probe.registrarUri();
            assertEquals(403, SipProbe.status(probe.register(SIP_NUMBER,
                    SipProbe.answer(challenge, SIP_NUMBER, "wrong-password", "REGISTER", uri))));
            assertEquals(403, SipProbe.status(probe.register("55599999",
                    SipProbe.answer(challenge, "55599999", SIP_PASSWORD, "REGISTER", uri))));
            // The right password for another number's registration.
            assertEquals(403, SipProbe.status(probe.register(PIPPIN_NUMBER,
                    SipProbe.answer(challenge, SIP_NUMBER, SIP_PASSWORD, "REGISTER", uri))));
            assertEquals(0, relay.server.attachedPhones());

            // INVITE without credentials: 407 for a registered callee, an unknown one, from anyone.
            for (String[] fromTo : new String[][] {{SIP_NUMBER, PIPPIN_NUMBER}, {"55599999", PIPPIN_NUMBER},
                    {"55599999", "55599998"}}) {
                String a = probe.invite(fromTo[0], fromTo[1], null);
                assertEquals(407, SipProbe.status(a), a);
                assertEquals(withoutNonce(challenge), withoutNonce(SipProbe.header(a, "Proxy-Authenticate")));
            }
            String inviteUri = "sip:" + PIPPIN_NUMBER + "@127.0.0.1:" + sipPort;
            assertEquals(403, SipProbe.status(probe.invite(SIP_NUMBER, PIPPIN_NUMBER,
                    SipProbe.answer(challenge, SIP_NUMBER, "wrong-password", "INVITE", inviteUri))));

            // The right password registers; a nonce past its lifetime is challenged again as stale.
            assertEquals(200, SipProbe.status(probe.register(SIP_NUMBER,
                    SipProbe.answer(challenge, SIP_NUMBER, SIP_PASSWORD, "REGISTER", uri))));
            assertEquals(1, relay.server.attachedPhones());
            relay.clock.advanceSeconds(301);
            String stale = probe.register(SIP_NUMBER,
                    SipProbe.answer(challenge, SIP_NUMBER, SIP_PASSWORD, "REGISTER", uri));
            assertEquals(401, SipProbe.status(stale));
            assertEquals("true", SipProbe.param(SipProbe.header(stale, "WWW-Authenticate"), "stale"));
        }
    }

    @Test
    void registrationExpiresOnTheRelaysClock() throws Exception {
        try (SipProbe probe = new SipProbe(sipPort)) {
            String challenge = SipProbe.header(probe.register(SIP_NUMBER, null), "WWW-Authenticate");
            String ok = probe.register(SIP_NUMBER,
                    SipProbe.answer(challenge, SIP_NUMBER, SIP_PASSWORD, "REGISTER", probe.registrarUri()));
            assertEquals(200, SipProbe.status(ok));
            assertTrue(SipProbe.header(ok, "Contact").contains("expires=600"), ok);
            relay.advance(599);
            assertEquals(1, relay.server.attachedPhones());
            relay.advance(1);
            assertEquals(0, relay.server.attachedPhones());
        }
    }

    /** Waits until baresip's registration reached the relay (its REGISTER_OK event may come before we listen). */
    private void awaitRegistered() throws InterruptedException {
        awaitRegistered(1);
    }

    private void awaitRegistered(int phones) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Baresip.WAIT_SECONDS);
        while (relay.server.attachedPhones() < phones) {
            assertTrue(System.nanoTime() < deadline, "baresip did not register");
            Thread.sleep(20);
        }
    }

    /** The first ANSWER for {@code callId}, after any RINGING. */
    private static Answer expectAnswer(TestPhone phone, int callId) throws InterruptedException {
        while (true) {
            Frame f = phone.frames.poll(Baresip.WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(f, "no ANSWER");
            if (f instanceof Answer) {
                assertEquals(callId, ((Answer) f).callId);
                return (Answer) f;
            }
            assertTrue(f instanceof Ringing, "expected RINGING or ANSWER, got " + f);
        }
    }

    /**
     * Sends {@code packets} × 100 ms of the Pippin tone on {@code channel} at the pace of speech and returns what the
     * phone heard meanwhile, decoded.
     */
    private static short[] talk(TestPhone phone, int channel, int packets) throws Exception {
        byte[][] tone = Tones.gsmTone(PIPPIN_TONE, packets);
        long start = System.nanoTime();
        for (int i = 0; i < packets; i++) {
            phone.sendVoice(channel, i, tone[i]);
            // Real-time pacing, as a phone's microphone would: the SIP phone's jitter buffer expects it.
            long due = start + (i + 1) * 100_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        List<byte[]> got = new ArrayList<>();
        phone.voice.drainTo(got);
        assertFalse(got.isEmpty(), "the Pippin phone heard nothing");
        return Tones.decodeGsm(got, got.size());
    }

    private static void checkTone(String what, short[] pcm, double expected, double other) {
        // Skip the first half second: the SIP phone's jitter buffer fills, the codecs settle.
        int from = Math.min(4000, pcm.length / 2);
        double margin = Tones.marginDb(pcm, from, pcm.length, expected, other);
        double level = Tones.levelDbfs(pcm, from, pcm.length);
        assertTrue(pcm.length - from >= 8000, what + ": only " + pcm.length + " samples");
        assertTrue(margin > 20, what + ": " + expected + " Hz only " + margin + " dB above " + other + " Hz");
        assertTrue(level > -30, what + ": level " + level + " dBFS");
    }

    private static void checkRecording(Baresip sip, double expected, double other) throws Exception {
        List<Path> recordings = sip.receivedRecordings();
        assertEquals(1, recordings.size(), "one recording of received audio: " + recordings);
        short[] pcm = Tones.readWav(recordings.get(0));
        checkTone("baresip in " + sip.dir.getFileName() + " hears its peer", pcm, expected, other);
    }

    private static String withoutNonce(String challenge) {
        assertNotNull(challenge, "no challenge header");
        return challenge.replaceAll("nonce=\"[^\"]*\"", "nonce=\"…\"");
    }

    static void writeTone(Path file, double hz, int seconds) throws Exception {
        int n = 8000 * seconds;
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) (16000 * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            org.pippin.codec.Wav.writeHeader(out, 2 * n);
            org.pippin.codec.Wav.writeSamples(out, new byte[2 * n], pcm, 0, n);
        }
    }
}
