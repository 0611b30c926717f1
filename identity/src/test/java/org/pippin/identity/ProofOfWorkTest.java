package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

class ProofOfWorkTest {
    private static final byte[] CHALLENGE = Hex.bytes("00 01 02 03 04 05 06 07 08 09");

    /** The JDK's SHA-256 of the same input, to check the solver and verifier independently. */
    private static int jdkZeroBits(byte[] challenge, long nonce) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("pippin pow v1".getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(challenge);
        sha.update(java.nio.ByteBuffer.allocate(8).putLong(nonce).array());
        return ProofOfWork.leadingZeroBits(sha.digest());
    }

    @Test
    void solvesAndVerifies() throws Exception {
        ProofOfWork work = new ProofOfWork(CHALLENGE, 0, CHALLENGE.length, 12);
        assertTrue(work.search(Integer.MAX_VALUE));
        long nonce = work.nonce();
        assertTrue(jdkZeroBits(CHALLENGE, nonce) >= 12);
        for (long n = 0; n < nonce; n++) {
            assertTrue(jdkZeroBits(CHALLENGE, n) < 12, "nonce " + n + " solves too and comes first");
        }
        assertEquals(nonce + 1, work.tries());
        assertTrue(ProofOfWork.verify(CHALLENGE, 0, CHALLENGE.length, 12, nonce));
        assertEquals(jdkZeroBits(CHALLENGE, nonce + 1) >= 12,
            ProofOfWork.verify(CHALLENGE, 0, CHALLENGE.length, 12, nonce + 1));
        byte[] shorter = java.util.Arrays.copyOfRange(CHALLENGE, 1, CHALLENGE.length);
        assertEquals(jdkZeroBits(shorter, nonce) >= 12, ProofOfWork.verify(CHALLENGE, 1, shorter.length, 12, nonce));
        assertFalse(ProofOfWork.verify(CHALLENGE, 0, CHALLENGE.length, 41, nonce));
        assertFalse(ProofOfWork.verify(CHALLENGE, 0, CHALLENGE.length, -1, nonce));
    }

    /** Slices of one try find the same nonce as one long search, and a solved search stays solved. */
    @Test
    void runsInSlices() {
        ProofOfWork whole = new ProofOfWork(CHALLENGE, 0, CHALLENGE.length, 10);
        whole.search(Integer.MAX_VALUE);
        ProofOfWork sliced = new ProofOfWork(CHALLENGE, 0, CHALLENGE.length, 10);
        int slices = 0;
        while (!sliced.search(7)) {
            slices++;
            assertFalse(sliced.isSolved());
        }
        assertEquals(whole.nonce(), sliced.nonce());
        assertEquals(whole.tries(), sliced.tries());
        assertEquals((whole.tries() - 1) / 7, slices);
        assertTrue(sliced.search(1));
        assertEquals(whole.tries(), sliced.tries());
    }

    @Test
    void unsolvedHasNoNonce() {
        ProofOfWork work = new ProofOfWork(CHALLENGE, 0, CHALLENGE.length, 40);
        assertFalse(work.search(3));
        assertEquals("proof of work not solved after 3 tries",
            assertThrows(IllegalStateException.class, work::nonce).getMessage());
        assertEquals("difficulty 41 not in 0..40", assertThrows(IllegalArgumentException.class,
            () -> new ProofOfWork(CHALLENGE, 0, 1, 41)).getMessage());
    }

    @Test
    void zeroDifficultyTakesOneTry() {
        ProofOfWork work = new ProofOfWork(CHALLENGE, 0, CHALLENGE.length, 0);
        assertTrue(work.search(1));
        assertEquals(0, work.nonce());
    }

    @Test
    void leadingZeroBits() {
        assertEquals(0, ProofOfWork.leadingZeroBits(Hex.bytes("80 00")));
        assertEquals(7, ProofOfWork.leadingZeroBits(Hex.bytes("01 ff")));
        assertEquals(8, ProofOfWork.leadingZeroBits(Hex.bytes("00 ff")));
        assertEquals(13, ProofOfWork.leadingZeroBits(Hex.bytes("00 04")));
        assertEquals(16, ProofOfWork.leadingZeroBits(Hex.bytes("00 00")));
    }
}
