package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    private final SequenceTracker t = new SequenceTracker();

    @Test
    void inOrderAcrossWrap() {
        assertEquals(0, t.accept(65533));
        assertEquals(0, t.accept(65534));
        assertEquals(0, t.accept(65535));
        assertEquals(0, t.accept(0));
        assertEquals(0, t.accept(1));
        assertEquals(5, t.received());
        assertEquals(0, t.lost());
        assertEquals(0, t.late());
    }

    @Test
    void gapIsLostUntilTheLatePacketArrives() {
        t.accept(10);
        assertEquals(2, t.accept(13), "11 and 12 are played as silence");
        assertEquals(2, t.lost());
        assertEquals(SequenceTracker.DROP, t.accept(12));
        assertEquals(1, t.lost());
        assertEquals(1, t.late());
        assertEquals(3, t.received());
    }

    @Test
    void duplicatesAreDroppedAndNotCounted() {
        t.accept(100);
        t.accept(101);
        assertEquals(SequenceTracker.DROP, t.accept(100));
        assertEquals(SequenceTracker.DROP, t.accept(101));
        assertEquals(2, t.duplicates());
        assertEquals(2, t.received());
        assertEquals(0, t.late());
    }

    @Test
    void lateDuplicateOfALatePacketIsADuplicate() {
        t.accept(1);
        t.accept(3);
        t.accept(2);
        assertEquals(SequenceTracker.DROP, t.accept(2));
        assertEquals(1, t.late());
        assertEquals(1, t.duplicates());
        assertEquals(0, t.lost());
    }

    @Test
    void gapAcrossWrapIsCountedInSerialArithmetic() {
        t.accept(65530);
        assertEquals(7, t.accept(2), "65531..65535, 0, 1 missing");
        assertEquals(7, t.lost());
    }

    @Test
    void hugeJumpResyncsWithoutSilenceOrLoss() {
        t.accept(0);
        assertEquals(0, t.accept(SequenceTracker.MAX_GAP + 2));
        assertEquals(1, t.resyncs());
        assertEquals(0, t.lost());
        assertEquals(0, t.accept(SequenceTracker.MAX_GAP + 3));
    }

    @Test
    void packetOlderThanTheWindowIsLateButStaysLost() {
        t.accept(0);
        t.accept(100);
        assertEquals(99, t.lost());
        assertEquals(SequenceTracker.DROP, t.accept(1));
        assertEquals(1, t.late());
        assertEquals(99, t.lost());
    }

    @Test
    void lateWithinWindowAfterLongGap() {
        t.accept(0);
        t.accept(40);
        assertEquals(SequenceTracker.DROP, t.accept(5));
        assertEquals(38, t.lost());
        assertEquals(1, t.late());
    }
}
