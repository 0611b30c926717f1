package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliableLinkTest {
    static final class FakeClock implements Clock {
        long now;

        public long nowMillis() {
            return now;
        }
    }

    /** Records each transmission as "time: hex". */
    static final class Recorder implements ReliableLink.Output, ReliableLink.Listener {
        final FakeClock clock;
        final List<String> sent = new ArrayList<>();
        final List<Frame> frames = new ArrayList<>();
        final List<Frame> undelivered = new ArrayList<>();
        IOException failNext;

        Recorder(FakeClock clock) {
            this.clock = clock;
        }

        public void transmit(byte[] buf, int off, int len) throws IOException {
            if (failNext != null) {
                IOException e = failNext;
                failNext = null;
                throw e;
            }
            sent.add(clock.now + ": " + Hex.of(java.util.Arrays.copyOfRange(buf, off, off + len)));
        }

        public void onFrame(Frame f) {
            frames.add(f);
        }

        public void onUndelivered(Frame f) {
            undelivered.add(f);
        }
    }

    private final FakeClock clock = new FakeClock();
    private final Recorder peer = new Recorder(clock);

    private ReliableLink link(boolean stream, int firstId) {
        return new ReliableLink(peer, peer, clock, stream, firstId);
    }

    private static void receive(ReliableLink link, String hex) throws Exception {
        byte[] b = Hex.bytes(hex);
        link.receive(b, 0, b.length);
    }

    @Test
    void retransmitsAt1_2_4_8_8SecondsThenGivesUp() throws IOException {
        clock.now = 5000;
        ReliableLink link = link(false, 0x0100);
        Ringing ringing = new Ringing(42);
        link.send(ringing);
        assertEquals(0x0100, ringing.messageId);
        String bytes = "10 04 01 00 00 00 00 2a";
        List<String> expected = new ArrayList<>(List.of("5000: " + bytes));
        assertEquals(expected, peer.sent);

        long[] sendTimes = {6000, 8000, 12000, 20000, 28000};
        long[] waits = {2000, 4000, 8000, 8000, 8000};
        assertEquals(1000, link.poll());
        for (int i = 0; i < sendTimes.length; i++) {
            clock.now = sendTimes[i] - 1;
            assertEquals(1, link.poll());
            assertEquals(expected, peer.sent, "nothing early");
            clock.now = sendTimes[i];
            assertEquals(waits[i], link.poll());
            expected.add(sendTimes[i] + ": " + bytes);
            assertEquals(expected, peer.sent);
            assertEquals(1, link.pendingCount());
        }
        clock.now = 35999;
        assertEquals(1, link.poll());
        assertTrue(peer.undelivered.isEmpty());
        clock.now = 36000;
        assertEquals(Long.MAX_VALUE, link.poll());
        assertEquals(List.of(ringing), peer.undelivered);
        assertEquals(6, peer.sent.size(), "six sends in all");
        assertEquals(0, link.pendingCount());
    }

    @Test
    void latePollRetransmitsOnceAndCountsFromThen() throws IOException {
        ReliableLink link = link(false, 1);
        link.send(new Bye(1, Wire.BYE_NORMAL));
        clock.now = 10_000;
        assertEquals(2000, link.poll());
        assertEquals(2, peer.sent.size());
        assertEquals("10000: 10 07 00 01 00 00 00 01 00", peer.sent.get(1));
    }

    @Test
    void ackClearsPending() throws Exception {
        ReliableLink link = link(false, 7);
        link.send(new Ringing(1));
        link.send(new Ringing(2));
        assertEquals(2, link.pendingCount());
        receive(link, "10 0a 00 08");
        assertEquals(1, link.pendingCount());
        receive(link, "10 0a 00 08");
        receive(link, "10 0a 12 34");
        assertEquals(1, link.pendingCount(), "repeated and unknown ACKs change nothing");
        receive(link, "10 0a 00 07");
        assertEquals(0, link.pendingCount());
        clock.now = 100_000;
        assertEquals(Long.MAX_VALUE, link.poll());
        assertEquals(2, peer.sent.size(), "no retransmission, no ACK of an ACK");
        assertTrue(peer.frames.isEmpty(), "ACKs are not delivered");
        assertTrue(peer.undelivered.isEmpty());
    }

    @Test
    void pollReturnsTimeToTheEarliestDeadline() throws IOException {
        ReliableLink link = link(false, 1);
        link.send(new Ringing(1));
        clock.now = 400;
        link.send(new Ringing(2));
        assertEquals(600, link.poll());
        clock.now = 1000;
        assertEquals(400, link.poll(), "first resent (next at 3000), second due at 1400");
    }

    @Test
    void reliableFrameIsAckedAndDeliveredOnce() throws Exception {
        ReliableLink link = link(false, 1);
        receive(link, FrameGoldenTest.INVITE);
        receive(link, FrameGoldenTest.INVITE);
        assertEquals(List.of("0: 10 0a 00 07", "0: 10 0a 00 07"), peer.sent, "a repeat is acknowledged again");
        assertEquals(1, peer.frames.size());
        Invite invite = assertInstanceOf(Invite.class, peer.frames.get(0));
        assertEquals(0xCAFEBABE, invite.callId);
    }

    @Test
    void unknownTypeIsAcked() throws Exception {
        ReliableLink link = link(false, 1);
        receive(link, "10 7f 00 09 01 02 03");
        assertEquals(List.of("0: 10 0a 00 09"), peer.sent);
        assertEquals(0x7F, assertInstanceOf(UnknownFrame.class, peer.frames.get(0)).type);
    }

    @Test
    void unreliableFramesAreNotAckedNorSuppressed() throws Exception {
        ReliableLink link = link(false, 1);
        receive(link, FrameGoldenTest.KEEPALIVE);
        receive(link, FrameGoldenTest.KEEPALIVE);
        receive(link, FrameGoldenTest.ERROR);
        assertTrue(peer.sent.isEmpty());
        assertEquals(3, peer.frames.size());
    }

    @Test
    void anyNonZeroIdIsAckedEvenOnAnUnreliableType() throws Exception {
        ReliableLink link = link(false, 1);
        receive(link, "10 08 00 05");
        assertEquals(List.of("0: 10 0a 00 05"), peer.sent);
        assertEquals(1, peer.frames.size());
    }

    @Test
    void duplicatesAreSuppressedOverTheLast64Ids() throws Exception {
        ReliableLink link = link(false, 1);
        for (int id = 1; id <= 65; id++) {
            receive(link, String.format("10 04 %04x 00 00 00 01", id));
        }
        assertEquals(65, peer.frames.size());
        for (int id = 2; id <= 65; id++) {
            receive(link, String.format("10 04 %04x 00 00 00 01", id));
        }
        assertEquals(65, peer.frames.size(), "ids 2..65 are remembered");
        receive(link, "10 04 00 01 00 00 00 01");
        assertEquals(66, peer.frames.size(), "id 1 was forgotten");
        assertEquals(65 + 64 + 1, peer.sent.size(), "every one acknowledged");
    }

    @Test
    void malformedFrameIsNeitherAckedNorDelivered() {
        ReliableLink link = link(false, 1);
        clock.now = 777;
        ProtocolException e = assertThrows(ProtocolException.class, () -> receive(link, "10 04 00 09 00 00"));
        assertEquals("RINGING truncated at call id", e.getMessage());
        assertTrue(peer.sent.isEmpty());
        assertTrue(peer.frames.isEmpty());
        assertEquals(777, link.lastHeardMillis(), "still heard from the peer");
    }

    @Test
    void lastHeardStartsAtCreationAndFollowsEveryFrame() throws Exception {
        clock.now = 100;
        ReliableLink link = link(false, 1);
        assertEquals(100, link.lastHeardMillis());
        clock.now = 2500;
        receive(link, FrameGoldenTest.KEEPALIVE);
        assertEquals(2500, link.lastHeardMillis());
        clock.now = 2600;
        receive(link, "10 0a 00 01");
        assertEquals(2600, link.lastHeardMillis());
    }

    @Test
    void idsCountUpAndWrapFrom65535To1() throws IOException {
        ReliableLink link = link(false, 0xFFFE);
        Frame[] frames = {new Ringing(1), new Ringing(2), new Ringing(3)};
        for (Frame f : frames) {
            link.send(f);
        }
        assertEquals(0xFFFE, frames[0].messageId);
        assertEquals(0xFFFF, frames[1].messageId);
        assertEquals(1, frames[2].messageId);
    }

    @Test
    void unreliableFramesGoWithIdZeroAndAreNotKept() throws IOException {
        ReliableLink link = link(false, 1);
        Keepalive k = new Keepalive();
        k.messageId = 99;
        link.send(k);
        link.send(new ErrorFrame(Wire.ERR_NOT_REGISTERED, ""));
        link.send(new Ack(0x0203));
        assertEquals(0, k.messageId);
        assertEquals(List.of("0: 10 08 00 00", "0: 10 09 00 00 04 00", "0: 10 0a 02 03"), peer.sent);
        assertEquals(0, link.pendingCount());
        assertEquals(Long.MAX_VALUE, link.poll());
    }

    @Test
    void atMost32Pending() throws Exception {
        ReliableLink link = link(false, 1);
        for (int i = 0; i < Wire.MAX_PENDING; i++) {
            link.send(new Ringing(i));
        }
        Ringing extra = new Ringing(99);
        assertEquals("too many pending frames", assertThrows(IOException.class, () -> link.send(extra)).getMessage());
        assertEquals(32, peer.sent.size(), "nothing sent");
        assertEquals(0, extra.messageId, "no id used");
        receive(link, "10 0a 00 05");
        assertThrows(IOException.class, () -> link.send(extra), "the oldest is still 32 ids behind");
        receive(link, "10 0a 00 01");
        link.send(extra);
        assertEquals(33, extra.messageId);
        assertEquals(31, link.pendingCount());
    }

    @Test
    void idsInFlightSpanLessThan32() throws Exception {
        ReliableLink link = link(false, 0xFFF0);
        link.send(new Ringing(0));
        for (int i = 1; i < Wire.MAX_PENDING; i++) {
            Ringing r = new Ringing(i);
            link.send(r);
            receive(link, String.format("10 0a %04x", r.messageId));
        }
        assertEquals(1, link.pendingCount(), "only the oldest is unacknowledged");
        assertEquals("too many pending frames",
            assertThrows(IOException.class, () -> link.send(new Ringing(99))).getMessage());
        receive(link, "10 0a ff f0");
        link.send(new Ringing(99));
        assertEquals(1, link.pendingCount());
    }

    @Test
    void failedFirstSendIsNotKept() throws IOException {
        ReliableLink link = link(false, 1);
        IOException failure = new IOException("network unreachable");
        peer.failNext = failure;
        assertSame(failure, assertThrows(IOException.class, () -> link.send(new Ringing(1))));
        assertEquals(0, link.pendingCount());
    }

    @Test
    void failedRetransmissionCountsAndTheRestGoOnTheNextPoll() throws IOException {
        ReliableLink link = link(false, 1);
        link.send(new Ringing(1));
        link.send(new Ringing(2));
        clock.now = 1000;
        peer.failNext = new IOException("buffer full");
        assertThrows(IOException.class, link::poll);
        assertEquals(2000, link.poll(), "the second goes out now; both are due again at 3000");
        assertEquals(List.of("0: 10 04 00 01 00 00 00 01", "0: 10 04 00 02 00 00 00 02",
            "1000: 10 04 00 02 00 00 00 02"), peer.sent);
        clock.now = 3000;
        assertEquals(4000, link.poll(), "third sends of both: the failed one counted");
        assertEquals("3000: 10 04 00 01 00 00 00 01", peer.sent.get(3));
    }

    @Test
    void failedAckMeansTheRetransmissionIsDelivered() throws Exception {
        ReliableLink link = link(false, 1);
        peer.failNext = new IOException("no route");
        assertThrows(IOException.class, () -> receive(link, FrameGoldenTest.RINGING));
        assertTrue(peer.frames.isEmpty());
        receive(link, FrameGoldenTest.RINGING);
        assertEquals(1, peer.frames.size());
        assertEquals(List.of("0: 10 0a ff ff"), peer.sent);
    }

    @Test
    void undeliveredCallbackMaySendAgain() throws IOException {
        ReliableLink[] holder = new ReliableLink[1];
        List<Frame> given = new ArrayList<>();
        ReliableLink.Listener retrying = new ReliableLink.Listener() {
            public void onFrame(Frame f) {
            }

            public void onUndelivered(Frame f) {
                given.add(f);
                try {
                    holder[0].send(new Bye(((Ringing) f).callId, Wire.BYE_PEER_LOST));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        holder[0] = new ReliableLink(peer, retrying, clock, false, 1);
        holder[0].send(new Ringing(5));
        for (long t : new long[] {1000, 3000, 7000, 15000, 23000}) {
            clock.now = t;
            holder[0].poll();
        }
        clock.now = 31000;
        assertEquals(1000, holder[0].poll());
        assertEquals(1, given.size());
        assertEquals(1, holder[0].pendingCount());
        assertEquals("31000: 10 07 00 02 00 00 00 05 03", peer.sent.get(peer.sent.size() - 1));
    }

    @Test
    void streamModeSendsNoAcksAndNoRetransmissions() throws Exception {
        ReliableLink link = link(true, 10);
        Ringing r = new Ringing(1);
        link.send(r);
        assertEquals(10, r.messageId, "ids still assigned");
        assertEquals(0, link.pendingCount());
        assertEquals(Long.MAX_VALUE, link.poll());
        clock.now = 60_000;
        assertEquals(Long.MAX_VALUE, link.poll());
        receive(link, FrameGoldenTest.INVITE);
        receive(link, "10 0a 00 0a");
        assertEquals(List.of("0: 10 04 00 0a 00 00 00 01"), peer.sent);
        assertEquals(1, peer.frames.size());
        for (int i = 0; i < 40; i++) {
            link.send(new Ringing(i));
        }
        assertEquals(0, link.pendingCount(), "no bound needed: nothing is kept");
    }

    @Test
    void publicConstructorStartsAtSomeValidId() throws IOException {
        ReliableLink link = new ReliableLink(peer, peer, SystemClock.INSTANCE, false);
        Ringing r = new Ringing(1);
        link.send(r);
        assertTrue(r.messageId >= 1 && r.messageId <= 0xFFFF, "id " + r.messageId);
        assertTrue(Math.abs(link.lastHeardMillis() - System.currentTimeMillis()) < 60_000);
    }
}
