package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.SystemClock;

class SecretGeneratorTest {

    @Test
    void secretsDifferBetweenRuns() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            byte[] s = new SecretGenerator(SystemClock.INSTANCE).generate();
            assertEquals(SecretGenerator.SECRET_BYTES, s.length);
            seen.add(Arrays.toString(s));
        }
        assertEquals(5, seen.size());
    }

    @Test
    void stalledClockStillTerminates() {
        byte[] s = new SecretGenerator(() -> 42L).generate();
        assertEquals(SecretGenerator.SECRET_BYTES, s.length);
    }

    @Test
    void oneDifferentSampleChangesTheWholeOutputWord() {
        SecretGenerator a = new SecretGenerator(() -> 0L);
        SecretGenerator b = new SecretGenerator(() -> 0L);
        a.add(1);
        b.add(2);
        for (int i = 0; i < 8; i++) {
            a.add(i);
            b.add(i);
        }
        assertFalse(SecretGenerator.avalanche(1) == SecretGenerator.avalanche(2));
        assertFalse(Arrays.equals(a.generate(), b.generate()));
    }

    @Test
    void avalancheIsMurmurFinalizer() {
        assertEquals(0, SecretGenerator.avalanche(0));
        assertEquals(0x514E28B7, SecretGenerator.avalanche(1));
    }
}
