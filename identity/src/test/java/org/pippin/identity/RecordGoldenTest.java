package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

/**
 * Each record's bytes written by hand from its diagram; the signature is the JDK's Ed25519 over the domain tag, a
 * zero byte and those bytes (Ed25519 is deterministic), so both the layout and what is signed are pinned.
 */
class RecordGoldenTest {
    private static final String K1 = Hex.of(TestKeys.PUBLIC_1);
    private static final String K2 = Hex.of(TestKeys.PUBLIC_2);
    private static final long T = 1764000000L;
    private static final String T_HEX = "69 24 81 00";
    private static final byte[] NONCE8 = Hex.bytes("a0 a1 a2 a3 a4 a5 a6 a7");

    private static void assertSigned(SignedRecord record, byte[] secret, String domain, String unsignedHex)
            throws Exception {
        byte[] unsigned = Hex.bytes(unsignedHex);
        byte[] expected = Hex.concat(unsigned, TestKeys.jdkSign(secret, domain, unsigned));
        assertEquals(Hex.of(expected), Hex.of(record.encode()));
        assertEquals(expected.length, record.length());
        assertTrue(record.isSigned());
    }

    /** The nonce 299 was found by an independent SHA-256 search (Python's hashlib) over the claim's bytes. */
    @Test
    void claim() throws Exception {
        Claim c = Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "96512345", T, 8, 299);
        assertSigned(c, TestKeys.SECRET_1, "pippin claim v1",
            "01 01 00 08 96 51 23 45 " + K1 + " " + T_HEX + " 08 00 00 00 00 00 00 01 2b");
        assertEquals(117, c.length());
        assertTrue(c.verifyWork());
        assertTrue(c.verify(8));
        assertFalse(c.verify(9));
        ProofOfWork work = Claim.work(Claim.SPECIFIC, "96512345", TestKeys.PUBLIC_1, T, 8);
        assertTrue(work.search(Integer.MAX_VALUE));
        assertEquals(299, work.nonce());
        assertEquals(300, work.tries());
    }

    @Test
    void randomClaimWithPrefix() throws Exception {
        Claim c = Claim.sign(TestKeys.PHONE, Claim.RANDOM, "965", T, 0, 0);
        assertSigned(c, TestKeys.SECRET_1, "pippin claim v1",
            "01 01 01 03 96 5f " + K1 + " " + T_HEX + " 00 00 00 00 00 00 00 00 00");
        assertTrue(c.verify(0));
    }

    @Test
    void release() throws Exception {
        Release r = Release.sign(TestKeys.PHONE, "96512345", T);
        assertSigned(r, TestKeys.SECRET_1, "pippin release v1", "02 01 08 96 51 23 45 " + K1 + " " + T_HEX);
        assertEquals(107, r.length());
        assertTrue(r.verify());
    }

    @Test
    void blockList() throws Exception {
        BlockList b = BlockList.sign(TestKeys.PHONE, "96512345", 7, true, new String[] {"96500001"},
            new String[] {"+44", "900"});
        assertSigned(b, TestKeys.SECRET_1, "pippin block list v1",
            "03 01 08 96 51 23 45 " + K1 + " 00 00 00 07 01 03 00 08 96 50 00 01 01 03 a4 4f 01 03 90 0f");
        assertTrue(b.verify(TestKeys.PUBLIC_1));
        assertFalse(b.verify(TestKeys.PUBLIC_2));
    }

    @Test
    void loginProof() throws Exception {
        byte[] challenge = Hex.bytes("c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 ca cb cc cd ce cf");
        LoginProof p = LoginProof.sign(TestKeys.PHONE, "96512345", challenge, T);
        assertSigned(p, TestKeys.SECRET_1, "pippin login v1",
            "04 01 08 96 51 23 45 " + K1 + " " + Hex.of(challenge) + " " + T_HEX);
        assertEquals(123, p.length());
        assertTrue(p.verify(challenge, TestKeys.PUBLIC_1));
    }

    @Test
    void callerId() throws Exception {
        CallerIdProof p = CallerIdProof.sign(TestKeys.PHONE, "96512345", "96554321", T, NONCE8);
        assertSigned(p, TestKeys.SECRET_1, "pippin caller id v1",
            "05 01 00 08 96 51 23 45 08 96 55 43 21 " + T_HEX + " a0 a1 a2 a3 a4 a5 a6 a7");
        assertEquals(89, p.length());
        assertTrue(p.verify(TestKeys.PUBLIC_1));
    }

    @Test
    void anonymousCallerIdIsUnsigned() {
        CallerIdProof p = CallerIdProof.anonymous("96554321", T, NONCE8);
        assertEquals("05 01 01 00 08 96 55 43 21 " + T_HEX + " a0 a1 a2 a3 a4 a5 a6 a7", Hex.of(p.encode()));
        assertEquals(21, p.length());
        assertFalse(p.isSigned());
        assertTrue(p.isAnonymous());
        assertFalse(p.verify(TestKeys.PUBLIC_1));
    }

    @Test
    void registrarRecordOwned() throws Exception {
        RegistrarRecord r = RegistrarRecord.owned(TestKeys.REGISTRAR, "96512345", TestKeys.PUBLIC_1, T, T + 60);
        assertSigned(r, TestKeys.SECRET_2, "pippin registrar record v1", "06 01 01 08 96 51 23 45 " + K1 + " " + T_HEX
            + " 00 00 00 00 69 24 81 3c " + K2);
        assertEquals(148, r.length());
        assertTrue(r.verify(TestKeys.PUBLIC_2));
        assertFalse(r.verify(TestKeys.PUBLIC_1));
        assertTrue(r.isOwnedBy(TestKeys.PUBLIC_1, T));
        assertFalse(r.isOwnedBy(TestKeys.PUBLIC_1, T - 1));
        assertFalse(r.isOwnedBy(TestKeys.PUBLIC_2, T));
    }

    @Test
    void registrarRecordQuarantine() throws Exception {
        RegistrarRecord r = RegistrarRecord.quarantine(TestKeys.REGISTRAR, "96512345", TestKeys.PUBLIC_1, T,
            T + 0x100, T + 1);
        assertSigned(r, TestKeys.SECRET_2, "pippin registrar record v1", "06 01 02 08 96 51 23 45 " + K1 + " "
            + T_HEX + " 69 24 82 00 69 24 81 01 " + K2);
        assertFalse(r.isOwnedBy(TestKeys.PUBLIC_1, T + 2));
    }

    @Test
    void keyShare() throws Exception {
        EphemeralKey e = EphemeralKey.fromSecret(X25519VectorsTest.ALICE_SECRET);
        KeyShare s = KeyShare.sign(TestKeys.PHONE, KeyShare.CALLER, "96512345", "96554321", NONCE8, T, e);
        assertSigned(s, TestKeys.SECRET_1, "pippin key share v1", "07 01 00 08 96 51 23 45 08 96 55 43 21"
            + " a0 a1 a2 a3 a4 a5 a6 a7 " + T_HEX + " " + Hex.of(X25519VectorsTest.ALICE_PUBLIC));
        assertArrayEquals(X25519VectorsTest.ALICE_PUBLIC, s.ephemeralKey());
        assertTrue(s.verify(TestKeys.PUBLIC_1));
    }

    @Test
    void anonymousKeyShareIsUnsigned() throws Exception {
        EphemeralKey e = EphemeralKey.fromSecret(X25519VectorsTest.ALICE_SECRET);
        KeyShare s = KeyShare.anonymous("96554321", NONCE8, T, e);
        assertEquals("07 01 00 00 08 96 55 43 21 a0 a1 a2 a3 a4 a5 a6 a7 " + T_HEX + " "
            + Hex.of(X25519VectorsTest.ALICE_PUBLIC), Hex.of(s.encode()));
        assertEquals(53, s.length());
        assertFalse(s.isSigned());
        assertTrue(s.isAnonymous());
        assertFalse(s.verify(TestKeys.PUBLIC_1));
        // The callee's answer to it names the empty caller and is signed.
        KeyShare answer = KeyShare.sign(TestKeys.PHONE, KeyShare.CALLEE, "", "96554321", NONCE8, T, e);
        assertSigned(answer, TestKeys.SECRET_1, "pippin key share v1", "07 01 01 00 08 96 55 43 21"
            + " a0 a1 a2 a3 a4 a5 a6 a7 " + T_HEX + " " + Hex.of(X25519VectorsTest.ALICE_PUBLIC));
        assertFalse(answer.isAnonymous());
        assertTrue(answer.sameCall(s));
    }

    /** A signature made for one record type never verifies as another, even over the same bytes. */
    @Test
    void domainsDiffer() {
        Release r = Release.sign(TestKeys.PHONE, "96512345", T);
        byte[] b = r.encode();
        int signedLength = b.length - 64;
        assertTrue(IdentityKey.verify(TestKeys.PUBLIC_1, "pippin release v1", b, 0, signedLength, b, signedLength));
        assertFalse(IdentityKey.verify(TestKeys.PUBLIC_1, "pippin claim v1", b, 0, signedLength, b, signedLength));
    }

    /** The largest form of each record is within its MAX_LENGTH. */
    @Test
    void maxLengths() {
        String n20 = "12345678901234567890";
        assertEquals(Claim.MAX_LENGTH, Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, n20, T, 0, 0).length());
        assertEquals(Release.MAX_LENGTH, Release.sign(TestKeys.PHONE, n20, T).length());
        assertEquals(LoginProof.MAX_LENGTH, LoginProof.sign(TestKeys.PHONE, n20, new byte[16], T).length());
        assertEquals(CallerIdProof.MAX_LENGTH, CallerIdProof.sign(TestKeys.PHONE, n20, n20, T, NONCE8).length());
        assertEquals(RegistrarRecord.MAX_LENGTH,
            RegistrarRecord.owned(TestKeys.REGISTRAR, n20, TestKeys.PUBLIC_1, T, T).length());
        assertEquals(KeyShare.MAX_LENGTH, KeyShare.sign(TestKeys.PHONE, KeyShare.CALLEE, n20, n20, NONCE8, T,
            EphemeralKey.fromSecret(X25519VectorsTest.ALICE_SECRET)).length());
        String[] numbers = new String[20];
        String[] prefixes = new String[12];
        java.util.Arrays.fill(numbers, n20);
        java.util.Arrays.fill(prefixes, n20);
        assertEquals(BlockList.MAX_LENGTH,
            BlockList.sign(TestKeys.PHONE, n20, 1, false, numbers, prefixes).length());
        assertEquals(499, BlockList.MAX_LENGTH);
    }
}
