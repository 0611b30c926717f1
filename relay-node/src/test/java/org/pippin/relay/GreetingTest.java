package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.VoicemailSettings;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmGreeting;
import org.pippin.protocol.VmGreetingDelete;
import org.pippin.protocol.VmSettings;
import org.pippin.protocol.Wire;

/**
 * The owner's own greetings through a real relay (embedded registrar, fake clock): the owner, logged in with its
 * key, uploads a tone greeting in VM_GREETING chunks; a caller sent to voicemail hears it (tone check on the decoded
 * audio) instead of the default, unless the owner's settings choose the default; after VM_GREETING_DELETE the
 * default plays again. A half-uploaded greeting never
 * plays, and a phone that does not hold the number may not change its greetings.
 */
class GreetingTest {

    static final String OWNER = "21000777";
    static final String CALLER = "555";
    /** The owner's greeting tone: far from the default's 440/480/620 Hz and the 1400 Hz beep. */
    static final double GREETING_HZ = 900;

    @TempDir
    static Path dir;
    static RelayFixture relay;
    static IdentityKey ownerKey;
    /** Phones attached before the owner's logged in. */
    static long othersAttached;

    @BeforeAll
    static void start() throws Exception {
        int registrarPort = NumbersTest.freePort();
        relay = new RelayFixture(dir, "registrar.enabled=true", "registrar.members=r1@127.0.0.1:" + registrarPort,
                "registrar.pow.difficulty=" + NumbersTest.DIFFICULTY, "voicemail.enabled=true");
        NumbersTest.awaitLeader(relay.server);
        try (KeyPhone owner = new KeyPhone(TestPhone.tcp(relay.port))) {
            Result granted = owner.claim(OWNER, NumbersTest.DIFFICULTY);
            assertEquals(Wire.RESULT_GRANTED, granted.outcome, granted.toString());
            ownerKey = owner.key;
        }
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    /** The owner's phone, logged in over TCP (closing it takes the number offline). */
    private static KeyPhone owner() throws Exception {
        othersAttached = attached();
        KeyPhone p = new KeyPhone(TestPhone.tcp(relay.port), ownerKey);
        assertInstanceOf(Registered.class, p.login(OWNER));
        return p;
    }

    /** Closes the owner's phone and waits until the relay has let go of its session. */
    private static void offline(KeyPhone p) throws Exception {
        p.close();
        RelayFixture.awaitValue(othersAttached, GreetingTest::attached);
    }

    private static long attached() {
        try {
            return relay.server.attachedPhones();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code seconds} of a tone as whole frames of {@code codec}, as the MIDlet's recorder encodes them. */
    static byte[] tone(int codec, double hz, int seconds) {
        VoiceCodec c = Codecs.create(codec);
        int frames = seconds * 50;
        short[] pcm = new short[frames * c.frameSamples()];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (12000 * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        byte[] out = new byte[frames * c.frameBytes()];
        for (int f = 0; f < frames; f++) {
            c.encode(pcm, f * c.frameSamples(), out, f * c.frameBytes());
        }
        return out;
    }

    /** The chunks of a greeting, whole frames each, as the phone sends them. */
    static VmGreeting[] chunks(int kind, int codec, byte[] audio) {
        int frameBytes = Wire.codecFrameBytes(codec);
        int per = VmGreeting.MAX_AUDIO / frameBytes * frameBytes;
        int n = (audio.length + per - 1) / per;
        VmGreeting[] out = new VmGreeting[n];
        for (int i = 0; i < n; i++) {
            out[i] = new VmGreeting(OWNER, kind, codec, i, n, audio, i * per, Math.min(per, audio.length - i * per));
        }
        return out;
    }

    /** Calls the offline owner and returns the decoded greeting the relay plays (100 ms GSM packets). */
    private static short[] callAndHear(TestPhone caller, int callId) throws Exception {
        caller.send(new Invite(callId, "", OWNER, TestPhone.GSM, 100, 0));
        VmAnswer ans = caller.expect(VmAnswer.class);
        assertEquals(Wire.REJECT_UNAVAILABLE, ans.reason);
        assertEquals(Wire.CODEC_GSM, ans.codec);
        List<byte[]> packets = VoicemailTest.hearGreeting(relay, caller, ans.channel);
        caller.send(new Bye(callId, Wire.BYE_NORMAL));
        return Tones.decodeGsm(packets, packets.size());
    }

    private static void settings(KeyPhone o, int greeting) throws Exception {
        o.phone.send(new VmSettings(VoicemailSettings.sign(o.key, OWNER, o.relayNow() + greeting, 0, 0, greeting, "")
                .encode()));
        Result r = o.phone.expect(Result.class);
        assertEquals(Wire.RESULT_OK, r.outcome, r.toString());
    }

    private static void assertDefault(short[] pcm) {
        assertEquals(35 * 800, pcm.length, "3.5 s of ring-back and beep");
        double ring = VoicemailAudio.power(pcm, 800, 8000, 440);
        double own = VoicemailAudio.power(pcm, 800, 8000, GREETING_HZ);
        assertTrue(ring > 100 * own, "ring-back " + ring + ", " + GREETING_HZ + " Hz " + own);
    }

    @Test
    void ownersGreetingPlaysUntilDeletedAndAHalfUploadNever() throws Exception {
        VmGreeting[] full = chunks(Wire.GREETING_UNAVAILABLE, Wire.CODEC_PCMU,
                tone(Wire.CODEC_PCMU, GREETING_HZ, 2));
        assertEquals(17, full.length, "2 s of PCMU in chunks of 6 frames");
        try (TestPhone caller = TestPhone.udp(relay.port)) {
            caller.register(CALLER, CallTest.SECRET_A);

            // Half an upload, then the phone is gone: nothing is kept.
            KeyPhone o = owner();
            for (int i = 0; i < 8; i++) {
                o.phone.send(full[i]);
            }
            o.phone.send(new VmGreetingDelete(OWNER, Wire.GREETING_BUSY)); // acknowledged after the chunks
            assertEquals(Wire.RESULT_OK, o.phone.expect(Result.class).outcome);
            offline(o);
            assertDefault(callAndHear(caller, 0x00000101));
            assertTrue(!relay.server.voicemail().hasGreeting(OWNER, Wire.GREETING_UNAVAILABLE));

            // The whole greeting, in PCMU: the GSM caller hears it transcoded, then the beep.
            o = owner();
            for (VmGreeting g : full) {
                o.phone.send(g);
            }
            Result r = o.phone.expect(Result.class);
            assertEquals(Wire.VM_GREETING, r.request);
            assertEquals(Wire.RESULT_OK, r.outcome, r.toString());
            offline(o);
            short[] pcm = callAndHear(caller, 0x00000102);
            assertEquals(25 * 800, pcm.length, "2 s of greeting and the 0.5 s beep");
            double own = VoicemailAudio.power(pcm, 800, 16000, GREETING_HZ);
            for (double other : new double[] {440, 480, 1400}) {
                double p = VoicemailAudio.power(pcm, 800, 16000, other);
                assertTrue(own > 100 * p, GREETING_HZ + " Hz: " + own + ", " + other + " Hz: " + p);
            }
            assertTrue(VoicemailAudio.power(pcm, 16400, 19200, 1400) > 100
                    * VoicemailAudio.power(pcm, 16400, 19200, GREETING_HZ), "the beep ends it");

            // Settings choosing the default greeting silence the owner's own; choosing it again brings it back.
            o = owner();
            settings(o, VoicemailSettings.GREETING_DEFAULT);
            offline(o);
            assertDefault(callAndHear(caller, 0x00000104));
            o = owner();
            settings(o, VoicemailSettings.GREETING_OWN);
            offline(o);
            assertEquals(25 * 800, callAndHear(caller, 0x00000105).length, "the owner's greeting again");

            // Deleted: the default plays again.
            o = owner();
            o.phone.send(new VmGreetingDelete(OWNER, Wire.GREETING_UNAVAILABLE));
            r = o.phone.expect(Result.class);
            assertEquals(Wire.VM_GREETING_DELETE, r.request);
            assertEquals(Wire.RESULT_OK, r.outcome, r.toString());
            offline(o);
            assertDefault(callAndHear(caller, 0x00000103));
        }
    }

    @Test
    void onlyAPhoneHoldingTheNumberChangesItsGreetingsAndChunksComeInOrder() throws Exception {
        byte[] audio = tone(Wire.CODEC_GSM, GREETING_HZ, 1);
        VmGreeting[] full = chunks(Wire.GREETING_BUSY, Wire.CODEC_GSM, audio);
        try (TestPhone other = TestPhone.udp(relay.port)) {
            other.register("556", CallTest.SECRET_B);
            other.send(full[0]);
            Result r = other.expect(Result.class);
            assertEquals(Wire.RESULT_NOT_OWNER, r.outcome, r.toString());
            other.send(new VmGreetingDelete(OWNER, Wire.GREETING_BUSY));
            assertEquals(Wire.RESULT_NOT_OWNER, other.expect(Result.class).outcome);
        }
        try (KeyPhone o = owner()) {
            o.phone.send(full[1]);
            Result r = o.phone.expect(Result.class);
            assertEquals(Wire.RESULT_MALFORMED, r.outcome, r.toString());
            assertEquals("chunk 1/2 out of order", r.detail);
            o.phone.send(new VmGreeting(OWNER, Wire.GREETING_BUSY, Wire.CODEC_GSM, 0, 1, audio, 0, 32));
            r = o.phone.expect(Result.class);
            assertEquals("32 bytes are not whole GSM frames", r.detail);
            assertTrue(!relay.server.voicemail().hasGreeting(OWNER, Wire.GREETING_BUSY));
        }
    }

    @Test
    void atMostSixteenUploadsAreHeldAtOnce() throws Exception {
        byte[] audio = tone(Wire.CODEC_GSM, GREETING_HZ, 1);
        int per = VmGreeting.MAX_AUDIO / 33 * 33;
        List<TestPhone> senders = new ArrayList<>();
        try {
            for (int i = 0; i <= GreetingDesk.MAX_UPLOADS; i++) {
                String number = String.valueOf(5570 + i);
                TestPhone p = TestPhone.tcp(relay.port);
                senders.add(p);
                p.register(number, CallTest.SECRET_B);
                p.send(new VmGreeting(number, Wire.GREETING_BUSY, Wire.CODEC_GSM, 0, 2, audio, 0, per));
                if (i < GreetingDesk.MAX_UPLOADS) {
                    // The echo follows the chunk on the relay's one loop: the upload is held before the next starts.
                    p.send(new Keepalive());
                    p.expect(Keepalive.class);
                }
            }
            TestPhone last = senders.get(GreetingDesk.MAX_UPLOADS);
            Result r = last.expect(Result.class);
            assertEquals(Wire.RESULT_UNAVAILABLE, r.outcome, r.toString());
            assertEquals("too many greetings being sent; try again later", r.detail);

            long before = attached();
            senders.remove(0).close();
            RelayFixture.awaitValue(before - 1, GreetingTest::attached);
            String number = String.valueOf(5570 + GreetingDesk.MAX_UPLOADS);
            last.send(new VmGreeting(number, Wire.GREETING_BUSY, Wire.CODEC_GSM, 0, 2, audio, 0, per));
            last.send(new VmGreeting(number, Wire.GREETING_BUSY, Wire.CODEC_GSM, 1, 2, audio, per,
                    audio.length - per));
            r = last.expect(Result.class);
            assertEquals(Wire.RESULT_OK, r.outcome, "a closed phone's upload makes room: " + r);
            assertTrue(relay.server.voicemail().hasGreeting(number, Wire.GREETING_BUSY));
        } finally {
            for (TestPhone p : senders) {
                p.close();
            }
        }
    }
}
