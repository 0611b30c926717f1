package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.Wire;

/**
 * DTMF through the SIP trunk, SIPp playing an IVR whose 200 OK points the media at the test's own UDP socket: a
 * Pippin phone's DTMF frames come out as RFC 4733 events on the negotiated payload type (a marked start, the end
 * three times, one timestamp per key), and RFC 4733 events the IVR sends come to the phone as one DTMF frame per key.
 * A phone that is not in the call cannot press keys in it. Keys a phone presses the moment it answers reach the IVR
 * once each and in order, even when one overtakes the ANSWER on the way.
 */
class SipDtmfTest {

    static final String PHONE = "55500003";
    static final String STRANGER = "55500004";
    static final byte[] SECRET = "secret-of-dtmf-test".getBytes(StandardCharsets.US_ASCII);
    static final String IVR = "+96512345678";
    /** The telephone-event payload type of the IVR's answer (dtmf-uas.xml). */
    static final int PT = 98;
    static final String DID = "+96522001235";
    static final String IVR_CALLER = "+96599887755";

    @TempDir
    Path dir;
    RelayFixture relay;
    int trunkPort;

    @BeforeEach
    void start() throws Exception {
        Baresip.requireTool("sipp");
        trunkPort = Baresip.freePortRun(1);
        relay = new RelayFixture(dir.resolve("data"), "sip.enabled=true", "sip.port=0", "sip.rtp.ports=0-0",
                "sip.trunk=127.0.0.1:" + trunkPort, "sip.dids=" + DID + "=" + PHONE);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void keysGoBothWaysAsRfc4733EventsAndOnlyFromThePartiesOfTheCall() throws Exception {
        try (DatagramSocket media = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                TestPhone phone = TestPhone.udp(relay.port); TestPhone stranger = TestPhone.udp(relay.port)) {
            media.setSoTimeout((int) TimeUnit.SECONDS.toMillis(Baresip.WAIT_SECONDS));
            LinkedNumbersTest.Sipp trunk = LinkedNumbersTest.Sipp.start(dir, trunkPort, "dtmf-uas.xml", "-m", "1")
                    .with("DTMF_PORT", String.valueOf(media.getLocalPort())).run();
            try {
                phone.register(PHONE, SECRET);
                stranger.register(STRANGER, SECRET);
                int callId = 0x7a0d0001;
                phone.send(new Invite(callId, "", IVR, TestPhone.GSM, 100, 0));
                Frame f;
                do {
                    f = phone.frames.poll(Baresip.WAIT_SECONDS, TimeUnit.SECONDS);
                    assertNotNull(f, "no ANSWER from the trunk; SIPp: " + trunk.output());
                } while (f instanceof Ringing);
                assertInstanceOf(Answer.class, f);

                // Pippin -> SIP: 1, 9, # as RFC 4733 events.
                for (char key : "19#".toCharArray()) {
                    phone.send(new Dtmf(callId, Dtmf.event(key), 100));
                }
                List<Event> events = readEvents(media, 3);
                assertEquals(3, events.size());
                int[] expected = {1, 9, 11};
                for (int i = 0; i < 3; i++) {
                    Event e = events.get(i);
                    assertEquals(expected[i], e.event, "event " + i);
                    assertTrue(e.startMarked, "a marked start packet for event " + i);
                    assertEquals(3, e.ends, "three end packets for event " + i);
                    assertEquals(800, e.endDuration, "100 ms in samples");
                }
                assertTrue(events.get(0).timestamp != events.get(1).timestamp, "each key its own timestamp");
                SocketAddress relayRtp = events.get(0).from;

                // SIP -> Pippin: 5 and * as the IVR sends them (with the end packet three times).
                long ts = 0x12345678L;
                int seq = 100;
                for (int event : new int[] {5, 10}) {
                    send(media, relayRtp, packet(true, false, event, 160, seq++, ts));
                    send(media, relayRtp, packet(false, false, event, 480, seq++, ts));
                    for (int k = 0; k < 3; k++) {
                        send(media, relayRtp, packet(false, true, event, 960, seq++, ts));
                    }
                    ts += 1600;
                }
                Dtmf five = phone.expect(Dtmf.class);
                assertEquals(callId, five.callId);
                assertEquals(5, five.event);
                assertEquals(120, five.duration);
                Dtmf star = phone.expect(Dtmf.class);
                assertEquals('*', Dtmf.key(star.event));
                assertNull(phone.frames.poll(500, TimeUnit.MILLISECONDS), "one DTMF frame per key");

                // A phone not in the call gets UNKNOWN_CALL and the IVR hears nothing.
                stranger.send(new Dtmf(callId, 3, 100));
                assertEquals(Wire.ERR_UNKNOWN_CALL, stranger.expect(ErrorFrame.class).code);
                media.setSoTimeout(500);
                assertThrows(SocketTimeoutException.class, () -> media.receive(new DatagramPacket(new byte[1500],
                        1500)), "the stranger's key reached the IVR");

                phone.send(new Bye(callId, Wire.BYE_NORMAL));
                trunk.assertPassed();
            } finally {
                trunk.destroy();
            }
        }
    }

    @Test
    void keysPressedTheMomentThePhoneAnswersReachTheIvrOnceEachAndInOrder() throws Exception {
        try (DatagramSocket media = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                TestPhone phone = TestPhone.udp(relay.port)) {
            media.setSoTimeout((int) TimeUnit.SECONDS.toMillis(Baresip.WAIT_SECONDS));
            phone.register(PHONE, SECRET);
            LinkedNumbersTest.Sipp ivr = LinkedNumbersTest.Sipp.start(dir, trunkPort, "dtmf-uac.xml",
                    "127.0.0.1:" + relay.server.sipPort(), "-m", "1", "-key", "did", DID, "-key", "caller", IVR_CALLER)
                    .with("DTMF_PORT", String.valueOf(media.getLocalPort())).run();
            try {
                Invite in = phone.expect(Invite.class);
                assertEquals(IVR_CALLER, in.caller);
                phone.send(new Ringing(in.callId));
                // The ANSWER and a key at once, the key's datagram first (the ANSWER lost, its retransmission
                // later); then two more keys right behind.
                phone.sendOvertaken(new Answer(in.callId, Wire.CODEC_GSM, 100, 0),
                        new Dtmf(in.callId, Dtmf.event('7'), 100));
                phone.send(new Dtmf(in.callId, Dtmf.event('3'), 100));
                phone.send(new Dtmf(in.callId, Dtmf.event('#'), 100));
                // Three events and only these: a lost key, or one sent twice, would shift the sequence.
                List<Event> events = readEvents(media, 3);
                int[] expected = {7, 3, 11};
                assertEquals(3, events.size());
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected[i], events.get(i).event, "event " + i);
                    assertEquals(3, events.get(i).ends, "three end packets for event " + i);
                }
                phone.send(new Bye(in.callId, Wire.BYE_NORMAL));
                ivr.assertPassed();
                SipTrunkTest.assertNothingMoreArrives(phone);
            } finally {
                ivr.destroy();
            }
        }
    }

    /** One RFC 4733 event as it arrived: its packets grouped by timestamp. */
    private static final class Event {
        final long timestamp;
        final int event;
        final SocketAddress from;
        boolean startMarked;
        int ends;
        int endDuration;

        Event(long timestamp, int event, SocketAddress from) {
            this.timestamp = timestamp;
            this.event = event;
            this.from = from;
        }
    }

    /**
     * The telephone events on {@code media} until {@code count} have ended and their end's retransmissions are in;
     * every packet must be telephone-event on the negotiated payload type.
     */
    private static List<Event> readEvents(DatagramSocket media, int count) throws Exception {
        List<Event> events = new ArrayList<>();
        byte[] buf = new byte[1500];
        int ended = 0;
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                media.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("events ended so far: " + ended, e);
            }
            assertEquals(16, p.getLength(), "an RTP packet with one event");
            assertEquals(PT, buf[1] & 0x7F, "payload type of telephone-event");
            long timestamp = ((buf[4] & 0xFFL) << 24) | ((buf[5] & 0xFF) << 16) | ((buf[6] & 0xFF) << 8)
                    | (buf[7] & 0xFF);
            Event e = events.isEmpty() ? null : events.get(events.size() - 1);
            if (e == null || e.timestamp != timestamp) {
                e = new Event(timestamp, buf[12], p.getSocketAddress());
                events.add(e);
            }
            assertEquals(e.event, buf[12], "one event per timestamp");
            if ((buf[1] & 0x80) != 0) {
                e.startMarked = true;
            }
            if ((buf[13] & 0x80) != 0) {
                e.ends++;
                e.endDuration = (buf[14] & 0xFF) << 8 | buf[15] & 0xFF;
                if (e.ends == 3 && ++ended == count) {
                    return events;
                }
            }
        }
    }

    private static byte[] packet(boolean marker, boolean end, int event, int duration, int seq, long ts) {
        byte[] p = new byte[16];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | PT);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (ts >> (24 - 8 * i));
            p[8 + i] = (byte) (0x5eed0000 >> (24 - 8 * i));
        }
        p[12] = (byte) event;
        p[13] = (byte) ((end ? 0x80 : 0) | 10);
        p[14] = (byte) (duration >> 8);
        p[15] = (byte) duration;
        return p;
    }

    private static void send(DatagramSocket media, SocketAddress to, byte[] p) throws Exception {
        media.send(new DatagramPacket(p, p.length, to));
    }
}
