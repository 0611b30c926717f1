package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.LinkCheck;
import org.pippin.identity.LinkedNumbers;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.Wire;

/**
 * Linked numbers end to end: a relay with its registrar and a SIP trunk played by SIPp as a GSM gateway, phones with
 * keys. External numbers are verified by a real call through the trunk (the test reads the code from the INVITE and
 * the RFC 4733 digits the relay plays, and the owner's phone sends it back); a call to the owner's number then rings
 * the verified ones by the owner's rule (all at once, or one after another on the relay's clock), the first answer
 * wins and the others get CANCEL; unverified numbers never ring and numbers outside the dial plan are refused.
 */
class LinkedNumbersTest {

    static final int DIFFICULTY = 8;

    @TempDir
    static Path dir;
    static RelayFixture relay;
    static int trunkPort;

    @BeforeAll
    static void start() throws Exception {
        Baresip.requireTool("sipp");
        trunkPort = Baresip.freePortRun(1);
        relay = new RelayFixture(dir.resolve("data"), "registrar.enabled=true",
                "registrar.members=r1@127.0.0.1:" + NumbersTest.freePort(), "registrar.pow.difficulty=" + DIFFICULTY,
                "claims.address.max=1000", "sip.enabled=true", "sip.port=0", "sip.rtp.ports=0-0",
                "sip.trunk=127.0.0.1:" + trunkPort, "voicemail.enabled=true");
        NumbersTest.awaitLeader(relay.server);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    /** A phone with a key that claimed {@code number} and is logged in with it. */
    private static KeyPhone owner(String number) throws Exception {
        KeyPhone p = new KeyPhone(TestPhone.udp(relay.port));
        Result claimed = p.claim(number, DIFFICULTY);
        assertEquals(Wire.RESULT_GRANTED, claimed.outcome, claimed.toString());
        assertInstanceOf(Registered.class, p.login(number));
        return p;
    }

    private static Result links(KeyPhone p, String owner, long sequence, int rule, String... numbers)
            throws Exception {
        return p.request(Wire.LINKS, LinkedNumbers.sign(p.key, owner, sequence, rule, LinkedNumbers.MIN_STEP, numbers)
                .encode());
    }

    private static Result check(KeyPhone p, String owner, String linked, String code) throws Exception {
        return p.request(Wire.LINK_CHECK, LinkCheck.sign(p.key, owner, p.relayNow(), linked, code).encode());
    }

    /**
     * Verifies {@code linked} for {@code owner}: the relay calls it through the trunk, SIPp answers, the test reads
     * the code from the INVITE's caller and from the DTMF, and the owner sends it back.
     */
    private static void verify(KeyPhone p, String owner, String linked, boolean tryAWrongCodeFirst) throws Exception {
        try (DatagramSocket media = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            media.setSoTimeout((int) TimeUnit.SECONDS.toMillis(Baresip.WAIT_SECONDS));
            Sipp trunk = Sipp.start(dir, trunkPort, "link-code-uas.xml", "-m", "1")
                    .with("CALLEE@", "\\" + linked + "@").with("DTMF_PORT", String.valueOf(media.getLocalPort()))
                    .run();
            try {
                Result calling = check(p, owner, linked, "");
                assertEquals(Wire.RESULT_OK, calling.outcome, calling.toString());
                String digits = readDtmf(media, 6);
                relay.advance(5); // the relay hangs up once the code was shown
                trunk.assertPassed();
                Matcher m = Pattern.compile("From: \"Pippin code ([0-9]+)\" <sip:([0-9]+)@").matcher(trunk.messages());
                assertTrue(m.find(), "no code in the INVITE: " + trunk.messages());
                String code = m.group(1);
                assertEquals(code, m.group(2), "the caller id is the code");
                assertEquals(code, digits, "the RFC 4733 digits are the code");
                if (tryAWrongCodeFirst) {
                    String wrong = code.charAt(0) == '9' ? "0" + code.substring(1) : (char) (code.charAt(0) + 1)
                            + code.substring(1);
                    assertEquals(Wire.RESULT_LINK_CODE_WRONG, check(p, owner, linked, wrong).outcome);
                }
                Result ok = check(p, owner, linked, code);
                assertEquals(Wire.RESULT_OK, ok.outcome, ok.toString());
                assertEquals(Wire.RESULT_LINK_NO_CODE, check(p, owner, linked, code).outcome, "a code is used once");
            } finally {
                trunk.destroy();
            }
        }
    }

    /** The digits of RFC 4733 events (their end packets, once per event) until {@code count} digits are in. */
    private static String readDtmf(DatagramSocket media, int count) throws Exception {
        StringBuilder digits = new StringBuilder();
        long lastEnded = -1;
        byte[] buf = new byte[1500];
        while (digits.length() < count) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                media.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("DTMF so far: '" + digits + "'", e);
            }
            long timestamp = ((buf[4] & 0xFFL) << 24) | ((buf[5] & 0xFF) << 16) | ((buf[6] & 0xFF) << 8)
                    | (buf[7] & 0xFF);
            boolean end = (buf[13] & 0x80) != 0;
            assertEquals(101, buf[1] & 0x7F, "payload type of telephone-event");
            if (end && timestamp != lastEnded) {
                lastEnded = timestamp;
                digits.append((char) ('0' + buf[12]));
            }
        }
        return digits.toString();
    }

    @Test
    void ringAllFirstAnswerWinsTheOthersAreCancelledAndUnverifiedNeverRing() throws Exception {
        String number = "41000001";
        String answers = "+96541000011";
        String cancelled = "+96541000012";
        String unverified = "+96541000013";
        try (KeyPhone own = owner(number); KeyPhone caller = owner("41000002")) {
            Result set = links(own, number, 1, LinkedNumbers.RING_ALL, answers, cancelled, unverified, "41000003");
            assertEquals(Wire.RESULT_OK, set.outcome, set.toString());
            verify(own, number, answers, true);
            verify(own, number, cancelled, false);

            Sipp trunk = Sipp.start(dir, trunkPort, "link-fork-uas.xml", "-m", "2", "-rtp_echo")
                    .with("CALLER@", "41000002@").with("ANSWERER", answers).with("PAUSE", "1000")
                    .run();
            try {
                int callId = 0x1ed00001;
                caller.phone.send(caller.call(callId, "41000002", number).invite);
                Invite atOwner = own.phone.expect(Invite.class);
                assertEquals(number, atOwner.callee);
                own.phone.send(new Ringing(callId));
                Answer answer = null;
                int ringing = 0;
                while (answer == null) {
                    Frame f = caller.phone.frames.poll(Baresip.WAIT_SECONDS, TimeUnit.SECONDS);
                    assertNotNull(f, "no ANSWER; SIPp: " + trunk.output());
                    if (f instanceof Ringing) {
                        ringing++;
                    } else {
                        answer = assertInstanceOf(Answer.class, f);
                    }
                }
                assertEquals(1, ringing, "the caller sees one ringing, however many legs ring");
                Bye stop = own.phone.expect(Bye.class);
                assertEquals(Wire.BYE_CANCELLED, stop.reason, "the owner's phone stops ringing");
                assertEcho(caller, answer);
                caller.phone.send(new Bye(callId, Wire.BYE_NORMAL));
                trunk.assertPassed();
                String log = trunk.messages();
                assertTrue(!log.contains("INVITE sip:" + unverified), "an unverified number never rings");
                assertTrue(log.contains("CANCEL sip:" + cancelled), "the other leg is cancelled");
            } finally {
                trunk.destroy();
            }
        }
    }

    @Test
    void sequentialRingsInTheOwnersOrderOneStepAtATime() throws Exception {
        String number = "42000001";
        String first = "+96542000011";
        String second = "+96542000012";
        try (KeyPhone own = owner(number); KeyPhone caller = owner("42000002")) {
            assertEquals(Wire.RESULT_OK, links(own, number, 1, LinkedNumbers.SEQUENTIAL, first, second).outcome);
            verify(own, number, first, false);
            verify(own, number, second, false);

            Sipp trunk = Sipp.start(dir, trunkPort, "link-fork-uas.xml", "-m", "2", "-rtp_echo")
                    .with("CALLER@", "42000002@").with("ANSWERER", second).with("PAUSE", "200")
                    .run();
            try {
                int callId = 0x1ed00002;
                int phones = relay.server.attachedPhones();
                caller.phone.send(caller.call(callId, "42000002", number).invite);
                own.phone.expect(Invite.class); // step 1: the owner's phone alone
                assertEquals(phones, relay.server.attachedPhones(), "no trunk line during the first step");
                relay.advance(LinkedNumbers.MIN_STEP);
                assertEquals(Wire.BYE_CANCELLED, own.phone.expect(Bye.class).reason);
                RelayFixture.awaitValue(phones + 1, LinkedNumbersTest::attached); // step 2: the first number
                Thread.sleep(300); // let it ring: SIPp answers 180
                relay.advance(LinkedNumbers.MIN_STEP); // step 3: the second number, which answers
                Answer answer = null;
                while (answer == null) {
                    Frame f = caller.phone.frames.poll(Baresip.WAIT_SECONDS, TimeUnit.SECONDS);
                    assertNotNull(f, "no ANSWER; SIPp: " + trunk.output());
                    if (!(f instanceof Ringing)) {
                        answer = assertInstanceOf(Answer.class, f);
                    }
                }
                assertEcho(caller, answer);
                caller.phone.send(new Bye(callId, Wire.BYE_NORMAL));
                trunk.assertPassed();
                String log = trunk.messages();
                int firstInvite = log.indexOf("INVITE sip:" + first);
                int firstCancel = log.indexOf("CANCEL sip:" + first);
                int secondInvite = log.indexOf("INVITE sip:" + second);
                assertTrue(firstInvite >= 0 && firstInvite < firstCancel && firstCancel < secondInvite,
                        "order: INVITE first " + firstInvite + ", CANCEL first " + firstCancel + ", INVITE second "
                                + secondInvite);
            } finally {
                trunk.destroy();
            }
        }
    }

    @Test
    void voicemailAnswersOnceTheLastStepRangOut() throws Exception {
        String number = "44000001";
        String linked = "+96544000011";
        try (KeyPhone own = owner(number); KeyPhone caller = owner("44000002")) {
            assertEquals(Wire.RESULT_OK, links(own, number, 1, LinkedNumbers.SEQUENTIAL, linked).outcome);
            verify(own, number, linked, false);
            Sipp trunk = Sipp.start(dir, trunkPort, "link-fork-uas.xml", "-m", "1")
                    .with("CALLER@", "44000002@").with("ANSWERER", "nobody").with("PAUSE", "0").run();
            try {
                int callId = 0x1ed00004;
                int phones = relay.server.attachedPhones();
                caller.phone.send(caller.call(callId, "44000002", number).invite);
                own.phone.expect(Invite.class);
                relay.advance(LinkedNumbers.MIN_STEP);
                assertEquals(Wire.BYE_CANCELLED, own.phone.expect(Bye.class).reason);
                RelayFixture.awaitValue(phones + 1, LinkedNumbersTest::attached);
                Thread.sleep(300); // let it ring: SIPp answers 180
                // 10 s in all, less than the owner's voicemail ring time (20 s): the last step still rings in full,
                // and voicemail answers as soon as nothing is left to ring.
                relay.advance(LinkedNumbers.MIN_STEP);
                Frame f = caller.phone.expect(Frame.class);
                if (f instanceof Ringing) {
                    f = caller.phone.expect(Frame.class); // the linked number rang
                }
                VmAnswer vm = assertInstanceOf(VmAnswer.class, f);
                assertEquals(Wire.REJECT_NO_ANSWER, vm.reason);
                trunk.assertPassed(); // the linked number got CANCEL
                caller.phone.send(new Bye(callId, Wire.BYE_NORMAL));
            } finally {
                trunk.destroy();
            }
        }
    }

    @Test
    void aLinkedPippinNumberAnswersForTheNumberCalledWithItsOwnKey() throws Exception {
        String number = "45000001";
        String linked = "45000003";
        try (KeyPhone own = owner(number); KeyPhone other = owner(linked); KeyPhone caller = owner("45000002")) {
            assertEquals(Wire.RESULT_OK, links(own, number, 1, LinkedNumbers.RING_ALL, linked).outcome);
            int callId = 0x1ed00005;
            caller.phone.send(caller.call(callId, "45000002", number).invite);
            own.phone.expect(Invite.class);
            Invite atLinked = other.phone.expect(Invite.class);
            assertEquals(number, atLinked.callee, "invited as the number called");
            KeyPhone.KeyCall taken = other.take(atLinked, caller.key.publicKey());
            other.phone.send(taken.answer());
            Answer answer = caller.phone.expect(Answer.class);
            assertTrue(answer.keyShareLength() > 0, "sealed end to end with the linked phone's key");
            assertEquals(Wire.BYE_CANCELLED, own.phone.expect(Bye.class).reason);
            caller.phone.send(new Bye(callId, Wire.BYE_NORMAL));
            assertEquals(Wire.BYE_NORMAL, other.phone.expect(Bye.class).reason);
        }
    }

    @Test
    void aLegThatRefusesStopsAloneAndTheCallersHangUpStopsTheRest() throws Exception {
        String number = "46000001";
        String linked = "46000003";
        try (KeyPhone own = owner(number); KeyPhone other = owner(linked); KeyPhone caller = owner("46000002")) {
            assertEquals(Wire.RESULT_OK, links(own, number, 1, LinkedNumbers.RING_ALL, linked).outcome);
            int callId = 0x1ed00006;
            caller.phone.send(caller.call(callId, "46000002", number).invite);
            own.phone.expect(Invite.class);
            other.phone.expect(Invite.class);
            own.phone.send(new Reject(callId, Wire.REJECT_BUSY));
            other.phone.send(new Ringing(callId));
            assertInstanceOf(Ringing.class, caller.phone.expect(Frame.class), "the other leg rings on");
            caller.phone.send(new Bye(callId, Wire.BYE_CANCELLED));
            assertEquals(Wire.BYE_CANCELLED, other.phone.expect(Bye.class).reason);

            int second = 0x1ed00007;
            caller.phone.send(caller.call(second, "46000002", number).invite);
            own.phone.expect(Invite.class);
            other.phone.expect(Invite.class);
            own.phone.send(new Reject(second, Wire.REJECT_DECLINED));
            other.phone.send(new Reject(second, Wire.REJECT_BUSY));
            Reject refused = caller.phone.expect(Reject.class);
            assertEquals(Wire.REJECT_DECLINED, refused.reason, "every leg refused; the caller hears it, not voicemail");
        }
    }

    @Test
    void numbersOutsideTheDialPlanAreRefusedAndNeverCalled() throws Exception {
        String number = "43000001";
        try (KeyPhone own = owner(number)) {
            Result list = links(own, number, 1, LinkedNumbers.RING_ALL, "+4420123456");
            assertEquals(Wire.RESULT_LINK_NOT_ALLOWED, list.outcome, list.toString());
            Result call = check(own, number, "+4420123456", "");
            assertEquals(Wire.RESULT_LINK_NOT_ALLOWED, call.outcome, call.toString());
            assertEquals(Wire.RESULT_LINK_NO_CODE, check(own, number, "+96543000011", "123456").outcome,
                    "no code was ever asked for");
        }
    }

    private static long attached() {
        try {
            return relay.server.attachedPhones();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trunk echoes the voice: the caller's tone comes back through GSM, µ-law and GSM again. */
    private static void assertEcho(KeyPhone caller, Answer answer) throws Exception {
        assertEquals(Wire.CODEC_GSM, answer.codec);
        byte[][] tone = Tones.gsmTone(1000, 20);
        List<byte[]> back = new ArrayList<>();
        for (int i = 0; i < tone.length; i++) {
            caller.phone.sendVoice(answer.channel, i, tone[i]);
            Thread.sleep(100); // real-time pacing, as a phone's microphone
            caller.phone.voice.drainTo(back);
        }
        Thread.sleep(300);
        caller.phone.voice.drainTo(back);
        assertTrue(back.size() >= 15, "echoed packets: " + back.size());
        short[] pcm = Tones.decodeGsm(back, back.size());
        assertTrue(Tones.marginDb(pcm, 1600, pcm.length, 1000, 600) > 20, "echoed tone");
    }

    /** SIPp on the trunk's port with a scenario from /sipp/, its placeholders filled in, messages traced. */
    static final class Sipp {
        private final Path dir;
        private final int port;
        private final String scenario;
        private final String[] args;
        private final List<String[]> replacements = new ArrayList<>();
        private Process process;
        private Path workDir;

        private Sipp(Path dir, int port, String scenario, String[] args) {
            this.dir = dir;
            this.port = port;
            this.scenario = scenario;
            this.args = args;
        }

        static Sipp start(Path dir, int port, String scenario, String... args) {
            return new Sipp(dir, port, scenario, args);
        }

        Sipp with(String placeholder, String value) {
            replacements.add(new String[] {placeholder, value});
            return this;
        }

        Sipp run() throws Exception {
            String text;
            try (InputStream in = LinkedNumbersTest.class.getResourceAsStream("/sipp/" + scenario)) {
                text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            for (String[] r : replacements) {
                text = text.replace(r[0], r[1]);
            }
            workDir = Files.createTempDirectory(dir, "sipp");
            Path file = workDir.resolve(scenario);
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
            List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1",
                    "-p", String.valueOf(port), "-mp", String.valueOf(Baresip.freePortRun(4)), "-nostdin",
                    "-timeout", "60s", "-timeout_error", "-trace_err", "-trace_msg"));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("sipp.out").toFile()).start();
            awaitBound(port);
            return this;
        }

        /**
         * Waits until SIPp listens on {@code port}: a relay's INVITE sent before that is only retransmitted after
         * 500 ms, and the tests' steps (a CANCEL after 300 ms) would overtake it on a busy machine.
         */
        private void awaitBound(int port) throws Exception {
            String local = String.format(":%04X ", port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                assertTrue(process.isAlive(), "SIPp exited at start: " + output());
                for (String line : Files.readAllLines(Path.of("/proc/net/udp"), StandardCharsets.US_ASCII)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 1 && (f[1] + " ").endsWith(local)) {
                        return;
                    }
                }
                Thread.sleep(20); // another process's socket: nothing to wait on but its appearance
            }
            throw new AssertionError("SIPp never bound UDP port " + port + ": " + output());
        }

        void assertPassed() throws Exception {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "SIPp still running: " + output());
            assertEquals(0, process.exitValue(), "SIPp failed: " + output());
        }

        /** Every message SIPp sent and received, in order (complete once it has exited). */
        String messages() throws Exception {
            StringBuilder b = new StringBuilder();
            try (var files = Files.list(workDir)) {
                for (Path f : files.filter(f -> f.toString().endsWith("_messages.log")).toList()) {
                    b.append(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
            return b.toString();
        }

        String output() {
            StringBuilder b = new StringBuilder();
            try (var files = Files.list(workDir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".out") || f.toString().endsWith("errors.log"))
                        .toList()) {
                    String t = Files.readString(f, StandardCharsets.ISO_8859_1);
                    b.append("\n== ").append(f.getFileName()).append(" ==\n")
                            .append(t.length() > 3000 ? t.substring(t.length() - 3000) : t);
                }
            } catch (java.io.IOException e) {
                b.append("(cannot read SIPp output: ").append(e.getMessage()).append(')');
            }
            return b.toString();
        }

        void destroy() {
            process.destroyForcibly();
        }
    }
}
