package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
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
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.Wire;

/**
 * The SIP trunk with SIPp as the GSM gateway: a Pippin phone's call to an external number within the dial plan goes
 * out through the trunk with the phone's verified number as caller ID and voice both ways (SIPp echoes the RTP); a
 * number outside the plan is refused before anything rings; a call from the trunk to a DID rings the Pippin number
 * it maps to, and one to an unknown DID is refused. Whichever side hangs up, the other gets exactly one BYE and the
 * side that hung up nothing more.
 */
class SipTrunkTest {

    static final String PHONE = "55500002";
    static final byte[] SECRET = "secret-of-trunk-test".getBytes(StandardCharsets.US_ASCII);
    static final String DID = "+96522001234";
    static final String OUTSIDE_CALLER = "+96599887766";

    @TempDir
    Path dir;
    RelayFixture relay;
    int trunkPort;
    int sipPort;

    @BeforeEach
    void start() throws Exception {
        Baresip.requireTool("sipp");
        trunkPort = Baresip.freePortRun(1);
        relay = new RelayFixture(dir.resolve("data"), "sip.enabled=true", "sip.port=0", "sip.rtp.ports=0-0",
                "sip.trunk=127.0.0.1:" + trunkPort, "sip.dids=" + DID + "=" + PHONE);
        sipPort = relay.server.sipPort();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void externalCallGoesOutThroughTheTrunkWithVerifiedCallerIdAndVoice() throws Exception {
        String callee = "+96512345678";
        Process trunk = sipp("trunk-uas.xml", "200", "-rtp_echo", "-m", "1");
        try (TestPhone phone = TestPhone.udp(relay.port)) {
            phone.register(PHONE, SECRET);
            int callId = 0x7a0c0001;
            phone.send(new Invite(callId, "", callee, TestPhone.GSM, 100, 0));
            Answer answer = null;
            while (answer == null) {
                Frame f = phone.frames.poll(Baresip.WAIT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(f, "no ANSWER from the trunk; SIPp: " + output());
                if (f instanceof Answer) {
                    answer = (Answer) f;
                } else {
                    assertTrue(f instanceof Ringing, "got " + f);
                }
            }
            assertEquals(Wire.CODEC_GSM, answer.codec);
            // The trunk echoes the RTP: the phone's tone comes back through GSM -> µ-law -> GSM.
            byte[][] tone = Tones.gsmTone(1000, 20);
            List<byte[]> back = new ArrayList<>();
            for (int i = 0; i < tone.length; i++) {
                phone.sendVoice(answer.channel, i, tone[i]);
                Thread.sleep(100); // real-time pacing, as a phone's microphone
                phone.voice.drainTo(back);
            }
            Thread.sleep(300); // the last echoes
            phone.voice.drainTo(back);
            assertTrue(back.size() >= 15, "echoed packets: " + back.size());
            short[] pcm = Tones.decodeGsm(back, back.size());
            assertTrue(Tones.marginDb(pcm, 1600, pcm.length, 1000, 600) > 20, "echoed tone");
            phone.send(new Bye(callId, Wire.BYE_NORMAL));
            assertSippPassed(trunk);
        } finally {
            trunk.destroyForcibly();
        }
    }

    @Test
    void aPhoneHangingUpOnATrunkCallGetsNothingMoreForIt() throws Exception {
        Process trunk = sipp("trunk-uas.xml", "200", "-m", "1");
        try (TestPhone phone = TestPhone.udp(relay.port)) {
            phone.register(PHONE, SECRET);
            int callId = 0x7a0c0004;
            phone.send(new Invite(callId, "", "+96512345678", TestPhone.GSM, 100, 0));
            awaitAnswer(phone);
            phone.send(new Bye(callId, Wire.BYE_NORMAL));
            assertSippPassed(trunk); // the trunk got its BYE
            assertNothingMoreArrives(phone);
            assertEquals(1, relay.server.attachedPhones(), "the trunk line went with its call");
        } finally {
            trunk.destroyForcibly();
        }
    }

    @Test
    void theTrunkHangingUpEndsThePhonesCallWithOneByeNormal() throws Exception {
        Process trunk = sipp("trunk-uas-hangup.xml", "200", "-m", "1");
        try (TestPhone phone = TestPhone.udp(relay.port)) {
            phone.register(PHONE, SECRET);
            int callId = 0x7a0c0005;
            phone.send(new Invite(callId, "", "+96512345678", TestPhone.GSM, 100, 0));
            awaitAnswer(phone);
            Bye bye = phone.expect(Bye.class);
            assertEquals(callId, bye.callId);
            assertEquals(Wire.BYE_NORMAL, bye.reason, "the far party hung up: " + Wire.byeName(bye.reason));
            assertSippPassed(trunk); // the relay answered the trunk's BYE
            assertNothingMoreArrives(phone);
        } finally {
            trunk.destroyForcibly();
        }
    }

    /** RINGING frames, then the ANSWER. */
    private Answer awaitAnswer(TestPhone phone) throws Exception {
        while (true) {
            Frame f = phone.frames.poll(Baresip.WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(f, "no ANSWER from the trunk; SIPp: " + output());
            if (f instanceof Answer) {
                return (Answer) f;
            }
            assertInstanceOf(Ringing.class, f, "got " + f);
        }
    }

    /**
     * The phone gets nothing more for its ended call: a KEEPALIVE sent now is echoed as the very next frame (anything
     * the relay sent about the call went before the echo, on the same loop).
     */
    static void assertNothingMoreArrives(TestPhone phone) throws Exception {
        phone.send(new Keepalive(Keepalive.PHONE_PADDING));
        assertInstanceOf(Keepalive.class, phone.frames.poll(Baresip.WAIT_SECONDS, TimeUnit.SECONDS),
                "the next frame after the call ended");
    }

    @Test
    void numbersOutsideTheDialPlanAreRefusedBeforeAnythingRings() throws Exception {
        try (TestPhone phone = TestPhone.udp(relay.port)) {
            phone.register(PHONE, SECRET);
            phone.send(new Invite(0x7a0c0002, "", "+4420123456", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_NOT_ALLOWED, phone.expect(Reject.class).reason);
            phone.send(new Invite(0x7a0c0003, "", "+965123", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_NOT_IN_SERVICE, phone.expect(Reject.class).reason);
            assertEquals(1, relay.server.attachedPhones(), "no trunk line was opened");
        }
    }

    @Test
    void callFromTheTrunkToADidRingsItsPippinNumber() throws Exception {
        try (TestPhone phone = TestPhone.udp(relay.port)) {
            phone.register(PHONE, SECRET);
            Process trunk = sipp("trunk-uac.xml", "200", "127.0.0.1:" + sipPort, "-m", "1", "-d", "500",
                    "-key", "did", DID, "-key", "caller", OUTSIDE_CALLER);
            try {
                Invite in = phone.expect(Invite.class);
                assertEquals(OUTSIDE_CALLER, in.caller);
                assertEquals(PHONE, in.callee);
                phone.send(new Ringing(in.callId));
                phone.send(new Answer(in.callId, Wire.CODEC_GSM, 100, 0));
                Bye bye = phone.expect(Bye.class);
                assertEquals(in.callId, bye.callId);
                assertEquals(Wire.BYE_NORMAL, bye.reason, "the caller hung up: " + Wire.byeName(bye.reason));
                assertSippPassed(trunk);
                assertNothingMoreArrives(phone);
                RelayFixture.awaitValue(1, () -> {
                    try {
                        return relay.server.attachedPhones();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } finally {
                trunk.destroyForcibly();
            }
        }
    }

    @Test
    void callFromTheTrunkToAnUnknownDidIsRefused() throws Exception {
        Process trunk = sipp("trunk-uac.xml", "404", "127.0.0.1:" + sipPort, "-m", "1",
                "-key", "did", "+96522009999", "-key", "caller", OUTSIDE_CALLER);
        try {
            assertSippPassed(trunk);
            assertEquals(0, relay.server.attachedPhones());
        } finally {
            trunk.destroyForcibly();
        }
    }

    /** Starts SIPp on the trunk's port with a scenario whose FINAL response is {@code expect}. */
    private Process sipp(String scenario, String expect, String... args) throws Exception {
        String text;
        try (InputStream in = SipTrunkTest.class.getResourceAsStream("/sipp/" + scenario)) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace("FINAL", expect)
                    .replace("CALLER@", PHONE + "@").replace("CALLEE@", "\\+96512345678@");
        }
        if (expect.equals("200")) {
            text = text.replace("<!--BYE", "").replace("BYE-->", "");
        }
        Path file = dir.resolve(scenario);
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1",
                "-p", String.valueOf(trunkPort), "-mp", String.valueOf(Baresip.freePortRun(4)), "-nostdin",
                "-timeout", "30s", "-timeout_error", "-trace_err"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(scenario + ".out").toFile()).start();
    }

    private void assertSippPassed(Process p) throws Exception {
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "SIPp still running: " + output());
        assertEquals(0, p.exitValue(), "SIPp failed: " + output());
    }

    private String output() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
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
}
