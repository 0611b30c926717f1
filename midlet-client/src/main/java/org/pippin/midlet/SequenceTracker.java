package org.pippin.midlet;

import org.pippin.protocol.VoicePacket;

/**
 * Loss and lateness accounting for one call's incoming voice, by 16-bit sequence number in serial arithmetic.
 * Packets are played in arrival order without a jitter buffer (GPRS delay is already long): a packet ahead of the
 * expected one opens a gap that is played as silence and counted lost; a packet for a slot already played is late
 * (and no longer lost); a repeat is a duplicate. The last {@link #WINDOW} slots are remembered to tell them apart.
 */
final class SequenceTracker {

    /** {@link #accept} result: drop the packet (late or duplicate). */
    static final int DROP = -1;
    static final int WINDOW = 64;
    /**
     * Longest gap filled with silence, in packets. A larger jump is taken as a restarted sender: playback resyncs
     * without inserting minutes of silence, and the jump is not counted as loss.
     */
    static final int MAX_GAP = 300;

    private boolean started;
    private int expected;
    /** Bit i set: slot (expected - 1 - i) was received. */
    private long history;
    private int received;
    private int lost;
    private int late;
    private int duplicates;
    private int resyncs;

    /**
     * Records a packet's arrival; returns how many missing packets to play as silence before it (0 when in order),
     * or {@link #DROP}.
     */
    int accept(int seq) {
        if (!started) {
            started = true;
            expected = (seq + 1) & 0xFFFF;
            history = 1;
            received++;
            return 0;
        }
        int d = VoicePacket.seqDelta(seq, expected);
        if (d >= 0) {
            int gap = d;
            if (gap > MAX_GAP) {
                resyncs++;
                gap = 0;
                history = 0;
            } else {
                lost += gap;
            }
            history = d + 1 >= WINDOW ? 1 : (history << (d + 1)) | 1;
            expected = (seq + 1) & 0xFFFF;
            received++;
            return gap;
        }
        int age = -d - 1;
        if (age >= WINDOW) {
            // Too old to tell late from duplicate; it was counted lost when its slot passed, and still is.
            late++;
            return DROP;
        }
        long bit = 1L << age;
        if ((history & bit) != 0) {
            duplicates++;
            return DROP;
        }
        history |= bit;
        lost--;
        late++;
        received++;
        return DROP;
    }

    int received() {
        return received;
    }

    int lost() {
        return lost;
    }

    int late() {
        return late;
    }

    int duplicates() {
        return duplicates;
    }

    int resyncs() {
        return resyncs;
    }
}
