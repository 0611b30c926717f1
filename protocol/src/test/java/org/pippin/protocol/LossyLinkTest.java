package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two links back to back over an in-memory datagram network that loses, duplicates, delays and reorders packets,
 * driven by a fake clock from event to event.
 */
class LossyLinkTest {
    private static final int FRAMES = 300;
    /** Each side offers a new frame this often: a busy relay, far more than one call's signalling. */
    private static final long SEND_EVERY_MS = 100;

    private record Datagram(long at, long order, Side to, byte[] bytes) {
    }

    private final class Side implements ReliableLink.Listener {
        final ReliableLink link;
        final Map<Integer, Integer> delivered = new HashMap<>();
        final List<Integer> undelivered = new ArrayList<>();
        int nextToSend;
        Side peer;

        Side(int firstId) {
            link = new ReliableLink((buf, off, len) -> network(peer, buf, off, len), this, clock, false, firstId);
        }

        public void onFrame(Frame f) {
            delivered.merge(((Ringing) f).callId, 1, Integer::sum);
        }

        public void onUndelivered(Frame f) {
            undelivered.add(((Ringing) f).callId);
        }

        void offer() throws IOException {
            if (nextToSend < FRAMES && link.pendingCount() < Wire.MAX_PENDING) {
                try {
                    link.send(new Ringing(nextToSend));
                    nextToSend++;
                } catch (IOException e) {
                    assertEquals("too many pending frames", e.getMessage());
                }
            }
        }
    }

    private final ReliableLinkTest.FakeClock clock = new ReliableLinkTest.FakeClock();
    private final PriorityQueue<Datagram> inFlight = new PriorityQueue<>(
        (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private Random random;
    private double loss;
    private long order;
    private int lost;
    private int duplicated;

    private void network(Side to, byte[] buf, int off, int len) {
        byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
        if (random.nextDouble() < loss) {
            lost++;
            return;
        }
        inFlight.add(new Datagram(clock.now + 20 + random.nextInt(630), order++, to, copy));
        if (random.nextDouble() < 0.05) {
            duplicated++;
            inFlight.add(new Datagram(clock.now + 20 + random.nextInt(630), order++, to, copy));
        }
    }

    /** Runs until both sides have offered everything and nothing is pending or in flight. */
    private void run(Side a, Side b) throws Exception {
        long nextOffer = 0;
        while (true) {
            while (!inFlight.isEmpty() && inFlight.peek().at <= clock.now) {
                Datagram d = inFlight.poll();
                d.to.link.receive(d.bytes, 0, d.bytes.length);
            }
            if (clock.now >= nextOffer) {
                a.offer();
                b.offer();
                nextOffer = clock.now + SEND_EVERY_MS;
            }
            long waitA = a.link.poll();
            long waitB = b.link.poll();
            boolean offering = a.nextToSend < FRAMES || b.nextToSend < FRAMES;
            if (!offering && inFlight.isEmpty() && waitA == Long.MAX_VALUE && waitB == Long.MAX_VALUE) {
                return;
            }
            long wait = Math.min(waitA, waitB);
            long next = Math.min(wait == Long.MAX_VALUE ? wait : clock.now + wait,
                offering ? nextOffer : Long.MAX_VALUE);
            if (!inFlight.isEmpty()) {
                next = Math.min(next, inFlight.peek().at);
            }
            assertTrue(next > clock.now, "time moves on: now " + clock.now + " next " + next + " waits " + waitA + "/"
                + waitB + " offer " + nextOffer + " flight " + inFlight.size());
            clock.now = Math.max(next, clock.now);
            assertTrue(clock.now < 3_600_000, "finishes");
        }
    }

    private Side[] pair(long seed, double lossRate) {
        random = new Random(seed);
        loss = lossRate;
        Side a = new Side(1 + random.nextInt(0xFFFF));
        Side b = new Side(1 + random.nextInt(0xFFFF));
        a.peer = b;
        b.peer = a;
        return new Side[] {a, b};
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyFrameDeliveredExactlyOnceDespiteLossDuplicationAndReordering(long seed) throws Exception {
        Side[] s = pair(seed, 0.10);
        run(s[0], s[1]);
        for (Side receiver : s) {
            assertEquals(FRAMES, receiver.delivered.size(), "every frame arrived");
            receiver.delivered.forEach((callId, times) -> assertEquals(1, times, "call " + callId));
            assertEquals(List.of(), receiver.peer.undelivered);
            assertEquals(0, receiver.link.pendingCount());
        }
        assertTrue(lost > 100 && duplicated > 20, "the network really was bad: lost " + lost + ", duplicated "
            + duplicated);
    }

    /** With 40% loss some frames (or all their ACKs) are lost 6 times: reported, never delivered twice. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void heavyLossReportsWhatItCannotConfirmAndNeverDeliversTwice(long seed) throws Exception {
        Side[] s = pair(seed, 0.40);
        run(s[0], s[1]);
        for (Side receiver : s) {
            receiver.delivered.forEach((callId, times) -> assertEquals(1, times, "call " + callId));
            for (int callId = 0; callId < FRAMES; callId++) {
                assertTrue(receiver.delivered.containsKey(callId) || receiver.peer.undelivered.contains(callId),
                    "call " + callId + " delivered or reported");
            }
            assertTrue(receiver.peer.undelivered.size() > 0, "this much loss defeats 6 sends sometimes");
        }
    }
}
