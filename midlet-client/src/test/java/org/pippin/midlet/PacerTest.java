package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void deadlinesDoNotDriftWhenTimerFiresLate() {
        Pacer p = new Pacer(1000, 100);
        assertTrue(p.isDue(1000));
        p.advance(1000);
        assertFalse(p.isDue(1099));
        // Fired 30 ms late: the next slot stays at 1200, not 1230.
        assertTrue(p.isDue(1130));
        p.advance(1130);
        assertEquals(1200, p.due());
    }

    @Test
    void shortStallCatchesUpWithABurst() {
        Pacer p = new Pacer(0, 100);
        int sent = 0;
        long now = 350;
        while (p.isDue(now)) {
            p.advance(now);
            sent++;
        }
        assertEquals(4, sent, "slots 0, 100, 200, 300");
        assertEquals(400, p.due());
        assertEquals(0, p.skipped());
    }

    @Test
    void longStallSkipsAhead() {
        Pacer p = new Pacer(0, 20);
        p.advance(0);
        long now = 1000;
        int sent = 0;
        while (p.isDue(now)) {
            p.advance(now);
            sent++;
        }
        assertTrue(sent <= Pacer.MAX_BURST + 1, "sent " + sent);
        assertTrue(p.skipped() > 40);
        assertTrue(p.due() > now && p.due() <= now + 20);
    }
}
