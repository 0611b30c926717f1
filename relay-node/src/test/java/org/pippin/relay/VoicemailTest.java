package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.VoicemailSettings;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Result;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmSettings;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Voicemail through a real relay on 127.0.0.1 with a fake clock: calls that go to voicemail (offline, busy, no
 * answer), the greeting, recording limits, the owner's message waiting, listing, fetching and deleting, and email to
 * a real SMTP server (GreenMail) in this JVM, with the WAV attachment decoded and its tone checked.
 */
class VoicemailTest {

    static final byte[] SECRET_OWNER = "secret-of-owner".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final String OWNER = "777";
    static final String CALLER = "555";
    /** The caller's test tone: far from the greeting's 440/480/620 Hz and its 1400 Hz beep. */
    static final double TONE_HZ = 700;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    RelayFixture relay;
    GreenMail mail;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    private void startRelay(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("voicemail.enabled=true"));
        all.addAll(List.of(overrides));
        relay = new RelayFixture(dir.resolve("data"), all.toArray(new String[0]));
    }

    private GreenMail startMail() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    private String[] smtp(int port, String... more) {
        List<String> all = new ArrayList<>(List.of("voicemail.smtp.host=127.0.0.1", "voicemail.smtp.port=" + port,
                "voicemail.smtp.security=none", "voicemail.smtp.from=voicemail@relay.test",
                "voicemail.smtp.timeout.seconds=5"));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    static IdentityKey newKey() {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        return IdentityKey.fromSecret(secret);
    }

    /** The owner registers (TCP, so closing it takes the number offline) and asks for email. */
    static TestPhone ownerWithEmail(int port, String email, int flags) throws Exception {
        TestPhone b = TestPhone.tcp(port);
        b.register(OWNER, SECRET_OWNER);
        byte[] rec = VoicemailSettings.sign(newKey(), OWNER, KeyPhone.now(), flags, 0, 0, email).encode();
        b.send(new VmSettings(rec));
        Result r = b.expect(Result.class);
        assertEquals(Wire.VM_SETTINGS, r.request);
        assertEquals(Wire.RESULT_OK, r.outcome, r.toString());
        return b;
    }

    /** Moves the fake clock second by second until the greeting has played; returns its packets. */
    static List<byte[]> hearGreeting(RelayFixture relay, TestPhone a, int channel) throws Exception {
        for (int s = 0; s < 6; s++) {
            relay.advance(1);
        }
        List<byte[]> got = new ArrayList<>();
        byte[] v;
        while ((v = a.voice.poll(200, TimeUnit.MILLISECONDS)) != null) {
            assertEquals(channel, VoicePacket.channel(v, 0));
            got.add(v);
        }
        return got;
    }

    /** INVITE, VM_ANSWER with {@code reason}, the greeting, then {@code packets} of voice; returns the channel. */
    static int leaveMessage(RelayFixture relay, TestPhone a, int callId, int reason, byte[][] packets)
            throws Exception {
        a.send(new Invite(callId, "", OWNER, TestPhone.GSM, 100, 0));
        return recordAfterAnswer(relay, a, callId, reason, packets);
    }

    static int recordAfterAnswer(RelayFixture relay, TestPhone a, int callId, int reason, byte[][] packets)
            throws Exception {
        VmAnswer ans = a.expect(VmAnswer.class);
        assertEquals(callId, ans.callId);
        assertEquals(reason, ans.reason);
        assertEquals(Wire.CODEC_GSM, ans.codec);
        assertTrue(ans.channel > 0);
        List<byte[]> greeting = hearGreeting(relay, a, ans.channel);
        // Unavailable: 3.5 s, busy: 4.5 s, in 100 ms packets of 5 GSM frames.
        assertEquals(reason == Wire.REJECT_BUSY ? 45 : 35, greeting.size());
        int seq = 1000;
        for (byte[] p : packets) {
            a.sendVoice(ans.channel, seq++, p);
        }
        return ans.channel;
    }

    private long saved() {
        return relay.server.voicemail().messagesSaved();
    }

    private static byte[] concat(byte[][] packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static Part attachment(MimeMessage m) throws Exception {
        Multipart mp = (Multipart) m.getContent();
        assertEquals(2, mp.getCount());
        return mp.getBodyPart(1);
    }

    @Test
    void offlineOwnerGetsTheMessageByEmailAsAWavOfWhatTheCallerPlayed() throws Exception {
        GreenMail smtp = startMail();
        startRelay(smtp(smtp.getSmtp().getPort()));
        ownerWithEmail(relay.port, "owner@mail.test", VoicemailSettings.FLAG_EMAIL).close(); // offline now
        RelayFixture.awaitValue(0, () -> attachedPhones());
        byte[][] tone = VoicemailAudio.gsmTone(50, TONE_HZ, 8000);
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            leaveMessage(relay, a, 0x0000abcd, Wire.REJECT_UNAVAILABLE, tone);
            a.send(new Bye(0x0000abcd, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
        }
        assertTrue(smtp.waitForIncomingEmail(30_000, 1), "no email");
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(1, got.length);
        MimeMessage m = got[0];
        assertEquals("owner@mail.test", m.getAllRecipients()[0].toString());
        assertEquals("Voicemail from 555 (5 s)", m.getSubject());
        String body = (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
        assertTrue(body.contains("From: 555"), body);
        assertTrue(body.contains("Duration: 5 s"), body);
        assertTrue(m.getMessageID().matches("<vm\\.[0-9a-f]{16}\\.777@relay\\.test>"), m.getMessageID());
        Part wav = attachment(m);
        assertTrue(wav.isMimeType("audio/wav"), wav.getContentType());
        assertTrue(wav.getFileName().startsWith("voicemail-555-") && wav.getFileName().endsWith(".wav"));
        byte[] bytes = wav.getInputStream().readAllBytes();
        short[] pcm = VoicemailAudio.wavSamples(bytes);
        assertEquals(5 * 8000, pcm.length, "5 s at 8 kHz");
        // Past the codec's start-up, the caller's tone dominates: nothing of the greeting or its beep got in.
        double tonePower = VoicemailAudio.power(pcm, 800, pcm.length, TONE_HZ);
        for (double other : new double[] {440, 480, 620, 1400, 1000}) {
            double p = VoicemailAudio.power(pcm, 800, pcm.length, other);
            assertTrue(tonePower > 100 * p, TONE_HZ + " Hz: " + tonePower + ", " + other + " Hz: " + p);
        }
        assertTrue(tonePower > 1e6, "tone power " + tonePower);
        // The server has the email before the relay hears its reply to the end of the data and drops it.
        RelayFixture.awaitValue(0, () -> relay.server.voicemail().emailsWaiting());
    }

    private int attachedPhones() {
        try {
            return relay.server.attachedPhones();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ownerSeesMessageWaitingListsFetchesAndDeletes() throws Exception {
        startRelay();
        TestPhone b = TestPhone.tcp(relay.port);
        b.register(OWNER, SECRET_OWNER);
        b.close();
        RelayFixture.awaitValue(0, this::attachedPhones);
        byte[][] tone = VoicemailAudio.gsmTone(30, TONE_HZ, 8000);
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            leaveMessage(relay, a, 0x11, Wire.REJECT_UNAVAILABLE, tone);
            a.send(new Bye(0x11, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
        }
        try (TestPhone owner = TestPhone.tcp(relay.port)) {
            owner.register(OWNER, SECRET_OWNER);
            VmWaiting w = owner.expect(VmWaiting.class);
            assertEquals(OWNER, w.owner);
            assertEquals(1, w.newCount);
            assertEquals(1, w.total);

            owner.send(new VmList(OWNER, 0));
            VmListing l = owner.expect(VmListing.class);
            assertEquals(1, l.total);
            assertEquals(1, l.count());
            assertEquals(CALLER, l.caller(0));
            assertEquals(3, l.duration(0));
            assertTrue(l.isNew(0));
            long now = System.currentTimeMillis() / 1000;
            assertTrue(Math.abs(now - l.time(0)) < 60, "time " + l.time(0));

            // 30 packets of 5 frames = 4950 bytes: 5 chunks of 30 GSM frames.
            owner.send(new VmFetch(l.id(0), 0, VmFetch.MAX_WINDOW));
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            for (int c = 0; c < 5; c++) {
                VmAudio chunk = owner.expect(VmAudio.class);
                assertEquals(c, chunk.chunk);
                assertEquals(5, chunk.chunks);
                audio.writeBytes(chunk.audio());
            }
            assertArrayEquals(concat(tone), audio.toByteArray(), "the frames the caller sent, as sent");
            VmWaiting heard = owner.expect(VmWaiting.class);
            assertEquals(0, heard.newCount);
            assertEquals(1, heard.total);

            owner.send(new VmDelete(l.id(0)));
            Frame[] two = {owner.expect(Frame.class), owner.expect(Frame.class)};
            Result ok = (Result) (two[0] instanceof Result ? two[0] : two[1]);
            VmWaiting after = (VmWaiting) (two[0] instanceof VmWaiting ? two[0] : two[1]);
            assertEquals(Wire.RESULT_OK, ok.outcome);
            assertEquals(0, after.total);
            owner.send(new VmDelete(l.id(0)));
            assertEquals(Wire.RESULT_NO_SUCH_MESSAGE, owner.expect(Result.class).outcome);
            owner.send(new VmList(OWNER, 0));
            assertEquals(0, owner.expect(VmListing.class).total);
        }
    }

    @Test
    void anotherPhoneCannotListFetchOrDeleteTheOwnersMessages() throws Exception {
        startRelay();
        TestPhone b = TestPhone.tcp(relay.port);
        b.register(OWNER, SECRET_OWNER);
        b.close();
        RelayFixture.awaitValue(0, this::attachedPhones);
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            leaveMessage(relay, a, 0x12, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(20, TONE_HZ, 8000));
            a.send(new Bye(0x12, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
            long id = relay.server.voicemail().list(OWNER).get(0).id();
            a.send(new VmList(OWNER, 0));
            assertEquals(Wire.ERR_NOT_REGISTERED, a.expect(org.pippin.protocol.ErrorFrame.class).code);
            a.send(new VmFetch(id, 0, 1));
            assertEquals(Wire.RESULT_NO_SUCH_MESSAGE, a.expect(Result.class).outcome);
            a.send(new VmDelete(id));
            assertEquals(Wire.RESULT_NO_SUCH_MESSAGE, a.expect(Result.class).outcome);
            byte[] rec = VoicemailSettings.sign(newKey(), OWNER, KeyPhone.now(), 1, 0, 0, "x@evil.test").encode();
            a.send(new VmSettings(rec));
            assertEquals(Wire.RESULT_NOT_OWNER, a.expect(Result.class).outcome);
        }
        assertEquals(1, relay.server.voicemail().list(OWNER).size());
    }

    @Test
    void noAnswerStopsTheRingingAndVoicemailAnswers() throws Exception {
        startRelay("voicemail.ring.timeout.seconds=20");
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            b.register(OWNER, SECRET_OWNER);
            a.send(new Invite(0x21, "", OWNER, TestPhone.GSM, 100, 0));
            b.expect(Invite.class);
            b.send(new Ringing(0x21));
            a.expect(Ringing.class);
            relay.advance(19);
            relay.advance(1);
            assertEquals(Wire.BYE_CANCELLED, b.expect(Bye.class).reason);
            recordAfterAnswer(relay, a, 0x21, Wire.REJECT_NO_ANSWER, VoicemailAudio.gsmTone(20, TONE_HZ, 8000));
            // The callee's late answer finds no call.
            b.send(new Answer(0x21, Wire.CODEC_GSM, 100, 0));
            assertEquals(Wire.ERR_UNKNOWN_CALL, b.expect(org.pippin.protocol.ErrorFrame.class).code);
            a.send(new Bye(0x21, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
            VmWaiting w = b.expect(VmWaiting.class);
            assertEquals(1, w.newCount);
        }
    }

    @Test
    void aRingingPhoneThatIsLostHandsTheCallToVoicemail() throws Exception {
        startRelay();
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            TestPhone b = TestPhone.tcp(relay.port);
            b.register(OWNER, SECRET_OWNER);
            a.send(new Invite(0x23, "", OWNER, TestPhone.GSM, 100, 0));
            b.expect(Invite.class);
            b.close();
            recordAfterAnswer(relay, a, 0x23, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(20, TONE_HZ, 8000));
            a.send(new Bye(0x23, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
        }
    }

    @Test
    void ownersRingTimeoutComesFromTheirSettings() throws Exception {
        startRelay();
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            b.register(OWNER, SECRET_OWNER);
            b.send(new VmSettings(VoicemailSettings.sign(newKey(), OWNER, KeyPhone.now(), 0, 8, 0, "").encode()));
            assertEquals(Wire.RESULT_OK, b.expect(Result.class).outcome);
            a.send(new Invite(0x22, "", OWNER, TestPhone.GSM, 100, 0));
            b.expect(Invite.class);
            relay.advance(7);
            relay.advance(1);
            assertEquals(Wire.BYE_CANCELLED, b.expect(Bye.class).reason);
            assertEquals(Wire.REJECT_NO_ANSWER, a.expect(VmAnswer.class).reason);
        }
    }

    @Test
    void busyOwnerGetsTheBusyGreeting() throws Exception {
        startRelay();
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port);
                TestPhone c = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            b.register(OWNER, SECRET_OWNER);
            c.register("999", CallTest.SECRET_C);
            CallTest.connect(c, b, 0x31, OWNER, "999");
            leaveMessage(relay, a, 0x32, Wire.REJECT_BUSY, VoicemailAudio.gsmTone(20, TONE_HZ, 8000));
            a.send(new Bye(0x32, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
            assertEquals(2, relay.server.activeCalls() + 1, "the owner's own call goes on");
        }
    }

    @Test
    void maximumLengthEndsTheCallOnceTheMessageIsKept() throws Exception {
        startRelay("voicemail.max.seconds=5");
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            registerOffline();
            leaveMessage(relay, a, 0x41, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(70, TONE_HZ, 8000));
            assertEquals(Wire.BYE_NORMAL, a.expect(Bye.class).reason);
            assertEquals(1, saved());
            assertEquals(5000, relay.server.voicemail().list(OWNER).get(0).durationMillis());
        }
    }

    @Test
    void silenceEndsTheRecordingAndIsCut() throws Exception {
        startRelay("voicemail.silence.seconds=2");
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            registerOffline();
            byte[][] talk = VoicemailAudio.gsmTone(15, TONE_HZ, 8000);
            byte[][] quiet = VoicemailAudio.gsmTone(40, TONE_HZ, 0);
            byte[][] both = new byte[55][];
            System.arraycopy(talk, 0, both, 0, 15);
            System.arraycopy(quiet, 0, both, 15, 40);
            leaveMessage(relay, a, 0x42, Wire.REJECT_UNAVAILABLE, both);
            assertEquals(Wire.BYE_NORMAL, a.expect(Bye.class).reason);
            // 1.5 s of tone; the decoder's echo of it lasts a frame or two before the silence that is cut.
            long ms = relay.server.voicemail().list(OWNER).get(0).durationMillis();
            assertTrue(ms >= 1500 && ms <= 1560, ms + " ms");
        }
    }

    @Test
    void aMessageShorterThanTheMinimumIsNotKept() throws Exception {
        startRelay("voicemail.min.seconds=2");
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            registerOffline();
            leaveMessage(relay, a, 0x43, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(15, TONE_HZ, 8000));
            a.send(new Bye(0x43, Wire.BYE_NORMAL));
            // A longer message after it is kept: the short one was handled first, on the same worker.
            leaveMessage(relay, a, 0x44, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(25, TONE_HZ, 8000));
            a.send(new Bye(0x44, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
            assertEquals(1, relay.server.voicemail().list(OWNER).size());
            assertEquals(2500, relay.server.voicemail().list(OWNER).get(0).durationMillis());
        }
    }

    @Test
    void messagesExpireAfterTheConfiguredDays() throws Exception {
        startRelay("voicemail.expiry.days=30");
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            registerOffline();
            leaveMessage(relay, a, 0x45, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(20, TONE_HZ, 8000));
            a.send(new Bye(0x45, Wire.BYE_NORMAL));
            RelayFixture.awaitValue(1, this::saved);
        }
        relay.wallMillis.addAndGet(29L * 86_400_000L);
        relay.advance(3600); // the hourly sweep: 29 days old, kept
        relay.advance(3600);
        assertEquals(1, relay.server.voicemail().list(OWNER).size());
        relay.wallMillis.addAndGet(2L * 86_400_000L);
        relay.advance(3600);
        RelayFixture.awaitValue(0, () -> relay.server.voicemail().list(OWNER).size());
        try (TestPhone owner = TestPhone.udp(relay.port)) {
            owner.register(OWNER, SECRET_OWNER);
            owner.send(new VmList(OWNER, 0));
            assertEquals(0, owner.expect(VmListing.class).total, "no message waiting, none listed");
        }
    }

    @Test
    void voicemailOffRejectsAsBefore() throws Exception {
        startRelay("voicemail.enabled=false");
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            registerOffline();
            a.send(new Invite(0x51, "", OWNER, TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_UNAVAILABLE, a.expect(org.pippin.protocol.Reject.class).reason);
            a.send(new VmList(CALLER, 0));
            assertEquals(Wire.RESULT_NO_VOICEMAIL, a.expect(Result.class).outcome);
        }
    }

    @Test
    void smtpDownThenUpDeliversExactlyOnce() throws Exception {
        int port = NumbersTest.freePort();
        startRelay(smtp(port, "voicemail.email.retry.seconds=30"));
        ownerWithEmail(relay.port, "owner@mail.test", VoicemailSettings.FLAG_EMAIL).close();
        RelayFixture.awaitValue(0, this::attachedPhones);
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            leaveMessage(relay, a, 0x61, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(20, TONE_HZ, 8000));
            a.send(new Bye(0x61, Wire.BYE_NORMAL));
        }
        // Nothing listens on the port: the first attempt fails and the email waits 30 s (fake clock).
        RelayFixture.awaitValue(1, () -> relay.server.voicemail().emailsFailed());
        mail = new GreenMail(ServerSetupTest.SMTP.port(port));
        mail.start();
        relay.advance(29);
        assertEquals(1, relay.server.voicemail().emailsWaiting());
        assertEquals(0, relay.server.voicemail().emailsSent(), "not before its time");
        relay.advance(1);
        assertTrue(mail.waitForIncomingEmail(30_000, 1), "no email after the server came up");
        RelayFixture.awaitValue(1, () -> relay.server.voicemail().emailsSent());
        for (int i = 0; i < 5; i++) {
            relay.advance(3600);
        }
        assertEquals(1, mail.getReceivedMessages().length, "exactly once");
        assertEquals(0, relay.server.voicemail().emailsWaiting());
    }

    @Test
    void deleteAfterEmailingLeavesNothingOnTheRelay() throws Exception {
        GreenMail smtp = startMail();
        startRelay(smtp(smtp.getSmtp().getPort()));
        ownerWithEmail(relay.port, "owner@mail.test",
                VoicemailSettings.FLAG_EMAIL | VoicemailSettings.FLAG_DELETE_AFTER_EMAIL).close();
        RelayFixture.awaitValue(0, this::attachedPhones);
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register(CALLER, CallTest.SECRET_A);
            leaveMessage(relay, a, 0x71, Wire.REJECT_UNAVAILABLE, VoicemailAudio.gsmTone(20, TONE_HZ, 8000));
            a.send(new Bye(0x71, Wire.BYE_NORMAL));
        }
        assertTrue(smtp.waitForIncomingEmail(30_000, 1));
        RelayFixture.awaitValue(0, () -> relay.server.voicemail().list(OWNER).size());
        assertNotNull(attachment(smtp.getReceivedMessages()[0]));
    }

    /** The owner registers once (its number is now known here) and goes offline. */
    private void registerOffline() throws Exception {
        TestPhone b = TestPhone.tcp(relay.port);
        b.register(OWNER, SECRET_OWNER);
        b.close();
        RelayFixture.awaitValue(1, this::attachedPhones); // the caller
    }
}
