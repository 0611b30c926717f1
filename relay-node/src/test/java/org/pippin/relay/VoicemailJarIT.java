package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.VoicemailSettings;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmSettings;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.Wire;

/**
 * Voicemail in the shaded jar as an operator runs it, killed with SIGKILL at the worst moments: while a caller is
 * leaving a message (no half message is ever listed, the earlier one survives whole) and while the SMTP server is
 * taking the email (after the restart it is delivered exactly once, with the Message-ID of the first attempt).
 */
public class VoicemailJarIT {

    private static final Pattern READY = Pattern.compile("PIPPIN RELAY READY udp=(\\d+) .*");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: (<[^>]+>)");

    @TempDir
    Path dir;
    private int runs;

    private Process launch(String... extra) throws IOException {
        String jar = System.getProperty("pippin.relay.jar", "target/pippin-relay.jar");
        assertTrue(Files.exists(Path.of(jar)), jar + " missing: run mvn package");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "--set", "listen.address=127.0.0.1", "--set", "listen.port=0", "--set", "http.port=0",
                "--set", "listen.tcp.extra.ports=", "--set", "registrar.enabled=false",
                "--set", "data.dir=" + dir.resolve("data")));
        for (String kv : extra) {
            cmd.add("--set");
            cmd.add(kv);
        }
        runs++;
        return new ProcessBuilder(cmd).redirectError(dir.resolve("stderr-" + runs + ".txt").toFile()).start();
    }

    private static int port(Process relay) throws InterruptedException {
        String ready = RelayJarIT.lines(relay).poll(30, TimeUnit.SECONDS);
        assertNotNull(ready, "no READY line within 30 s");
        Matcher m = READY.matcher(ready);
        assertTrue(m.matches(), ready);
        return Integer.parseInt(m.group(1));
    }

    private static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
        assertTrue(p.waitFor(15, TimeUnit.SECONDS));
    }

    /** Calls the offline owner, hears the whole greeting (real time), sends {@code packets}; returns the channel. */
    private static int startMessage(TestPhone a, int callId, byte[][] packets) throws Exception {
        a.send(new Invite(callId, "", VoicemailTest.OWNER, TestPhone.GSM, 100, 0));
        VmAnswer ans = a.expect(VmAnswer.class);
        for (int i = 0; i < 35; i++) {
            assertNotNull(a.voice.poll(10, TimeUnit.SECONDS), "greeting packet " + i);
        }
        int seq = 0;
        for (byte[] p : packets) {
            a.sendVoice(ans.channel, seq++, p);
        }
        return ans.channel;
    }

    private void awaitLog(String text) throws Exception {
        Path log = dir.resolve("stderr-" + runs + ".txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.readString(log).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in " + Files.readString(log));
            Thread.sleep(20);
        }
    }

    @Test
    void killedWhileRecordingListsOnlyWholeMessages() throws Exception {
        byte[][] first = VoicemailAudio.gsmTone(20, VoicemailTest.TONE_HZ, 8000);
        Process relay = launch();
        try {
            int port = port(relay);
            TestPhone owner = TestPhone.tcp(port);
            owner.register(VoicemailTest.OWNER, VoicemailTest.SECRET_OWNER);
            owner.close();
            awaitLog("phone 777: detached");
            try (TestPhone a = TestPhone.udp(port)) {
                a.register(VoicemailTest.CALLER, CallTest.SECRET_A);
                startMessage(a, 0x100, first);
                a.send(new Bye(0x100, Wire.BYE_NORMAL));
                awaitLog("saved (3300 bytes of GSM)");
                startMessage(a, 0x101, VoicemailAudio.gsmTone(30, 300, 8000));
                awaitLog("call 00000101 555 -> 777: UNAVAILABLE: to voicemail");
                kill9(relay);
            }
        } finally {
            relay.destroyForcibly();
        }
        Process again = launch();
        try {
            int port = port(again);
            try (TestPhone owner = TestPhone.tcp(port)) {
                owner.register(VoicemailTest.OWNER, VoicemailTest.SECRET_OWNER);
                VmWaiting w = owner.expect(VmWaiting.class);
                assertEquals(1, w.total);
                owner.send(new VmList(VoicemailTest.OWNER, 0));
                VmListing l = owner.expect(VmListing.class);
                assertEquals(1, l.count(), "only the message that was whole");
                owner.send(new VmFetch(l.id(0), 0, 4));
                ByteArrayOutputStream audio = new ByteArrayOutputStream();
                VmAudio c;
                do {
                    c = owner.expect(VmAudio.class);
                    audio.writeBytes(c.audio());
                } while (c.chunk + 1 < c.chunks);
                ByteArrayOutputStream sent = new ByteArrayOutputStream();
                for (byte[] p : first) {
                    sent.writeBytes(p);
                }
                assertArrayEquals(sent.toByteArray(), audio.toByteArray());
            }
        } finally {
            again.destroyForcibly();
        }
    }

    @Test
    void killedWhileEmailingDeliversExactlyOnceAfterRestart() throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try (HoldingSmtpProxy proxy = new HoldingSmtpProxy(mail.getSmtp().getPort())) {
            String[] smtp = {"voicemail.smtp.host=127.0.0.1", "voicemail.smtp.port=" + proxy.port(),
                "voicemail.smtp.security=none", "voicemail.smtp.from=voicemail@relay.test",
                "voicemail.email.retry.seconds=1"};
            proxy.hold = true;
            Process relay = launch(smtp);
            try {
                int port = port(relay);
                VoicemailTest.ownerWithEmail(port, "owner@mail.test", VoicemailSettings.FLAG_EMAIL).close();
                awaitLog("phone 777: detached");
                try (TestPhone a = TestPhone.udp(port)) {
                    a.register(VoicemailTest.CALLER, CallTest.SECRET_A);
                    startMessage(a, 0x200, VoicemailAudio.gsmTone(20, VoicemailTest.TONE_HZ, 8000));
                    a.send(new Bye(0x200, Wire.BYE_NORMAL));
                }
                assertTrue(proxy.held.await(30, TimeUnit.SECONDS), "the relay never got to the end of the email");
                kill9(relay);
            } finally {
                relay.destroyForcibly();
            }
            Matcher firstId = MESSAGE_ID.matcher(proxy.heldText);
            assertTrue(firstId.find(), proxy.heldText);
            assertEquals(0, mail.getReceivedMessages().length, "the server never got the final line");

            proxy.hold = false;
            Process again = launch(smtp);
            try {
                port(again);
                assertTrue(mail.waitForIncomingEmail(30_000, 1), "not delivered after the restart");
                awaitLog("emailed to the owner of 777");
                Thread.sleep(3000); // retries are 1 s apart: a second send would have happened by now
                assertEquals(1, mail.getReceivedMessages().length, "exactly once");
                assertEquals(firstId.group(1), mail.getReceivedMessages()[0].getMessageID(),
                        "the same email as the first attempt");
                assertTrue(Files.readString(dir.resolve("stderr-2.txt")).contains("1 emails to send"));
            } finally {
                again.destroy();
                assertTrue(again.waitFor(15, TimeUnit.SECONDS));
            }
        } finally {
            mail.stop();
        }
    }
}
