package org.pippin.relay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VoiceRateTest {

    @Test
    void rateOverTheWindowCountsIpAndUdpHeaders() {
        VoiceRate r = new VoiceRate();
        r.sample(0, 0, 0);
        assertEquals(0, r.bitsPerSecond(0, 0, 0), "no time has passed");
        // One GSM 100 ms stream: 10 packets/s of 4 + 165 bytes, 197 on the wire.
        for (int s = 1; s <= 5; s++) {
            r.sample(s * 1000L, 10L * s, 1690L * s);
        }
        assertEquals(15_760, r.bitsPerSecond(5000, 50, 8450));
    }

    @Test
    void samplesCloserThanASecondAreSkipped() {
        VoiceRate r = new VoiceRate();
        r.sample(0, 0, 0);
        r.sample(500, 1000, 1000);
        // Measured from the sample at 0, not the skipped one at 500.
        assertEquals(8 * (1000 + 28 * 1000), r.bitsPerSecond(1000, 1000, 1000));
    }

    @Test
    void onlyTheLastTenSecondsCount() {
        VoiceRate r = new VoiceRate();
        for (int s = 0; s <= 30; s++) {
            long packets = s <= 10 ? 100L * s : 1000; // a burst in the first 10 s, then silence
            r.sample(s * 1000L, packets, 0);
        }
        assertEquals(0, r.bitsPerSecond(30_000, 1000, 0));
        // 5 s later in the burst's own window: 100 packets/s of 28 header bytes.
        VoiceRate burst = new VoiceRate();
        for (int s = 0; s <= 15; s++) {
            burst.sample(s * 1000L, 100L * s, 0);
        }
        assertEquals(100 * 28 * 8, burst.bitsPerSecond(15_000, 1500, 0));
    }

    @Test
    void nothingInTheWindowMeansZero() {
        VoiceRate r = new VoiceRate();
        assertEquals(0, r.bitsPerSecond(1000, 5, 500), "no sample at all");
        r.sample(0, 0, 0);
        assertEquals(0, r.bitsPerSecond(60_000, 5, 500), "the only sample is a minute old");
    }
}
