package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

/** Encode, decode from inside a larger buffer, and compare field by field. */
class RecordRoundTripTest {
    private static final long T = Records.MAX_TIME;

    private static byte[] embedded(SignedRecord r) {
        return Hex.concat(Hex.bytes("ee ee ee"), r.encode(), Hex.bytes("ee"));
    }

    @Test
    void claim() throws IdentityException {
        ProofOfWork work = Claim.work(Claim.RANDOM, "+44", TestKeys.PUBLIC_1, T, 6);
        assertTrue(work.search(1 << 20));
        Claim c = Claim.sign(TestKeys.PHONE, Claim.RANDOM, "+44", T, 6, work.nonce());
        Claim d = Claim.decode(embedded(c), 3, c.length());
        assertEquals(Claim.RANDOM, d.mode);
        assertEquals("+44", d.number);
        assertArrayEquals(TestKeys.PUBLIC_1, d.publicKey());
        assertEquals(T, d.time);
        assertEquals(6, d.difficulty);
        assertEquals(work.nonce(), d.nonce);
        assertTrue(d.verify(6));
        assertArrayEquals(c.encode(), d.encode());
        assertEquals("CLAIM random prefix=+44 key=" + TestKeys.PHONE.fingerprint() + " time=4294967295 difficulty=6",
            d.toString());
    }

    @Test
    void release() throws IdentityException {
        Release r = Release.sign(TestKeys.PHONE, "*#0", 0);
        Release d = Release.decode(embedded(r), 3, r.length());
        assertEquals("*#0", d.number);
        assertArrayEquals(TestKeys.PUBLIC_1, d.publicKey());
        assertEquals(0, d.time);
        assertTrue(d.verify());
    }

    @Test
    void blockList() throws IdentityException {
        BlockList b = BlockList.sign(TestKeys.PHONE, "96512345", T, false, new String[] {"123", "456"},
            new String[] {"+1900"});
        BlockList d = BlockList.decode(embedded(b), 3, b.length());
        assertEquals("96512345", d.owner);
        assertEquals(T, d.sequence);
        assertFalse(d.blockAnonymous);
        assertArrayEquals(new String[] {"123", "456"}, d.numbers());
        assertArrayEquals(new String[] {"+1900"}, d.prefixes());
        assertArrayEquals(TestKeys.PUBLIC_1, d.ownerKey());
        assertTrue(d.verify(TestKeys.PUBLIC_1));
        assertTrue(d.blocks("123"));
        assertFalse(d.blocks("1234"));
        assertTrue(d.blocks("+19005551234"));
        assertFalse(d.blocks("+1800"));
        assertFalse(d.blocks(null));
        assertFalse(d.blocks(""));
        BlockList empty = BlockList.sign(TestKeys.PHONE, "1", 1, true, new String[0], new String[0]);
        assertTrue(BlockList.decode(empty.encode(), 0, empty.length()).blocks(""));
    }

    @Test
    void loginProof() throws IdentityException {
        byte[] challenge = Hex.bytes("00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff");
        LoginProof p = LoginProof.sign(TestKeys.PHONE, "96512345", challenge, 5);
        LoginProof d = LoginProof.decode(embedded(p), 3, p.length());
        assertEquals("96512345", d.number);
        assertArrayEquals(challenge, d.challenge());
        assertEquals(5, d.time);
        assertTrue(d.verify(challenge, TestKeys.PUBLIC_1));
        byte[] other = challenge.clone();
        other[0] = 1;
        assertFalse(d.verify(other, TestKeys.PUBLIC_1));
        assertFalse(d.verify(challenge, TestKeys.PUBLIC_2));
    }

    @Test
    void callerId() throws IdentityException {
        byte[] nonce = Hex.bytes("01 02 03 04 05 06 07 08");
        CallerIdProof p = CallerIdProof.sign(TestKeys.PHONE, "96512345", "123", T, nonce);
        CallerIdProof d = CallerIdProof.decode(embedded(p), 3, p.length());
        assertEquals("96512345", d.caller);
        assertEquals("123", d.callee);
        assertEquals(T, d.time);
        assertArrayEquals(nonce, d.nonce());
        assertFalse(d.isAnonymous());
        assertTrue(d.verify(TestKeys.PUBLIC_1));
        CallerIdProof a = CallerIdProof.anonymous("123", T, nonce);
        CallerIdProof da = CallerIdProof.decode(embedded(a), 3, a.length());
        assertTrue(da.isAnonymous());
        assertEquals("", da.caller);
        assertEquals("CALLER_ID caller=anonymous callee=123 time=4294967295", da.toString());
    }

    @Test
    void registrarRecord() throws IdentityException {
        RegistrarRecord r = RegistrarRecord.quarantine(TestKeys.REGISTRAR, "96512345", TestKeys.PUBLIC_1, 10, T, 11);
        RegistrarRecord d = RegistrarRecord.decode(embedded(r), 3, r.length());
        assertEquals(RegistrarRecord.QUARANTINE, d.state);
        assertEquals("96512345", d.number);
        assertArrayEquals(TestKeys.PUBLIC_1, d.ownerKey());
        assertArrayEquals(TestKeys.PUBLIC_2, d.registrarKey());
        assertEquals(10, d.since);
        assertEquals(T, d.until);
        assertEquals(11, d.issued);
        assertTrue(d.verify(TestKeys.PUBLIC_2));
    }

    @Test
    void keyShare() throws IdentityException {
        byte[] nonce = Hex.bytes("01 02 03 04 05 06 07 08");
        KeyShare s = KeyShare.sign(TestKeys.PHONE, KeyShare.CALLEE, "1", "2", nonce, 9,
            EphemeralKey.fromSecret(X25519VectorsTest.BOB_SECRET));
        KeyShare d = KeyShare.decode(embedded(s), 3, s.length());
        assertEquals(KeyShare.CALLEE, d.role);
        assertEquals("1", d.caller);
        assertEquals("2", d.callee);
        assertArrayEquals(nonce, d.callNonce());
        assertEquals(9, d.time);
        assertArrayEquals(X25519VectorsTest.BOB_PUBLIC, d.ephemeralKey());
        assertTrue(d.verify(TestKeys.PUBLIC_1));
        assertFalse(d.isAnonymous());

        KeyShare a = KeyShare.anonymous("2", nonce, 9, EphemeralKey.fromSecret(X25519VectorsTest.BOB_SECRET));
        KeyShare da = KeyShare.decode(embedded(a), 3, a.length());
        assertTrue(da.isAnonymous());
        assertEquals(KeyShare.CALLER, da.role);
        assertEquals("", da.caller);
        assertEquals("2", da.callee);
        assertArrayEquals(nonce, da.callNonce());
        assertArrayEquals(X25519VectorsTest.BOB_PUBLIC, da.ephemeralKey());
        assertFalse(da.verify(TestKeys.PUBLIC_1));
        assertEquals("KEY_SHARE caller caller=anonymous callee=2 time=9", da.toString());
    }
}
