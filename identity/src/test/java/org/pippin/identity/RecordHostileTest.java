package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

/** Bytes from a broken or hostile peer: only IdentityException with the exact words, or a failed verification. */
class RecordHostileTest {
    private static final long T = 1764000000L;
    private static final byte[] NONCE8 = new byte[8];

    interface Decoder {
        SignedRecord decode(byte[] b, int off, int len) throws IdentityException;
    }

    record Sample(String name, SignedRecord record, Decoder decoder, byte[] verifyKey) {
    }

    private static List<Sample> samples() {
        EphemeralKey e = EphemeralKey.fromSecret(X25519VectorsTest.BOB_SECRET);
        return List.of(
            new Sample("CLAIM", Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "96512345", T, 8, 299), Claim::decode,
                TestKeys.PUBLIC_1),
            new Sample("RELEASE", Release.sign(TestKeys.PHONE, "96512345", T), Release::decode, TestKeys.PUBLIC_1),
            new Sample("BLOCK_LIST", BlockList.sign(TestKeys.PHONE, "96512345", 3, true, new String[] {"965123"},
                new String[] {"44"}), BlockList::decode, TestKeys.PUBLIC_1),
            new Sample("LOGIN_PROOF", LoginProof.sign(TestKeys.PHONE, "96512345", new byte[16], T), LoginProof::decode,
                TestKeys.PUBLIC_1),
            new Sample("CALLER_ID", CallerIdProof.sign(TestKeys.PHONE, "96512345", "1234567", T, NONCE8),
                CallerIdProof::decode, TestKeys.PUBLIC_1),
            new Sample("REGISTRAR_RECORD", RegistrarRecord.quarantine(TestKeys.REGISTRAR, "96512345",
                TestKeys.PUBLIC_1, T, T + 86400, T), RegistrarRecord::decode, TestKeys.PUBLIC_2),
            new Sample("KEY_SHARE", KeyShare.sign(TestKeys.PHONE, KeyShare.CALLEE, "1234567", "96512345", NONCE8, T,
                e), KeyShare::decode, TestKeys.PUBLIC_1),
            new Sample("KEY_SHARE", KeyShare.sign(TestKeys.PHONE, KeyShare.CALLEE, "", "96512345", NONCE8, T, e),
                KeyShare::decode, TestKeys.PUBLIC_1));
    }

    private static String fails(Decoder d, byte[] b) {
        return assertThrows(IdentityException.class, () -> d.decode(b, 0, b.length)).getMessage();
    }

    private static byte[] patch(SignedRecord r, int index, int value) {
        byte[] b = r.encode();
        b[index] = (byte) value;
        return b;
    }

    @Test
    void everyCutIsTruncated() {
        for (Sample s : samples()) {
            byte[] b = s.record.encode();
            for (int len = 0; len < b.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(b, len);
                String message = fails(s.decoder, cut);
                assertTrue(message.startsWith(s.name + " truncated at "), s.name + " cut at " + len + ": " + message);
            }
        }
    }

    /** Where a claim's bytes run out names the field, in the order of the diagram. */
    @Test
    void claimCutsNameTheirField() {
        byte[] b = Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "96512345", T, 8, 299).encode();
        String[] fields = {"type", "version", "mode", "number", "number", "public key", "time", "difficulty", "nonce",
            "signature"};
        int[] cuts = {0, 1, 2, 3, 7, 8, 40, 44, 45, 53};
        for (int i = 0; i < cuts.length; i++) {
            assertEquals("CLAIM truncated at " + fields[i], fails(Claim::decode, java.util.Arrays.copyOf(b, cuts[i])));
        }
    }

    @Test
    void trailingBytesTypeAndVersion() {
        for (Sample s : samples()) {
            byte[] b = s.record.encode();
            assertEquals(s.name + " 1 trailing byte", fails(s.decoder, java.util.Arrays.copyOf(b, b.length + 1)));
            assertEquals(s.name + " 2 trailing bytes", fails(s.decoder, java.util.Arrays.copyOf(b, b.length + 2)));
            assertEquals(s.name + " version 2 unsupported, expected 1", fails(s.decoder, patch(s.record, 1, 2)));
            assertEquals("expected " + s.name + ", got TYPE_0x7f", fails(s.decoder, patch(s.record, 0, 0x7f)));
        }
        assertEquals("expected CLAIM, got RELEASE",
            fails(Claim::decode, Release.sign(TestKeys.PHONE, "1", T).encode()));
    }

    /** Any single flipped bit either fails decoding or fails verification. */
    @Test
    void everyFlippedBitIsCaught() throws IdentityException {
        for (Sample s : samples()) {
            byte[] good = s.record.encode();
            assertTrue(s.decoder.decode(good, 0, good.length).verifySignature(s.verifyKey), s.name);
            for (int i = 0; i < good.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] b = good.clone();
                    b[i] ^= (byte) (1 << bit);
                    SignedRecord r;
                    try {
                        r = s.decoder.decode(b, 0, b.length);
                    } catch (IdentityException expected) {
                        continue;
                    }
                    assertFalse(r.verifySignature(s.verifyKey), s.name + " byte " + i + " bit " + bit);
                }
            }
        }
    }

    @Test
    void numbers() {
        Claim c = Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "96512345", T, 8, 299);
        assertEquals("CLAIM number: 21 digits, at most 20", fails(Claim::decode, patch(c, 3, 21)));
        assertEquals("CLAIM number: bad digit nibble 0xd", fails(Claim::decode, patch(c, 4, 0xd6)));
        Release r = Release.sign(TestKeys.PHONE, "123", T);
        assertEquals("RELEASE number: padding nibble 0x0, expected 0xf", fails(Release::decode, patch(r, 4, 0x30)));
        byte[] empty = Hex.concat(Hex.bytes("02 01 00"), new byte[32 + 4 + 64]);
        assertEquals("RELEASE number: empty", fails(Release::decode, empty));
    }

    @Test
    void claimFields() {
        Claim c = Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "96512345", T, 8, 299);
        assertEquals("CLAIM mode: 2, expected 0 (specific) or 1 (random)", fails(Claim::decode, patch(c, 2, 2)));
        assertEquals("CLAIM difficulty: 41, at most 40", fails(Claim::decode, patch(c, 44, 41)));
        Claim random = Claim.sign(TestKeys.PHONE, Claim.RANDOM, "", T, 0, 0);
        assertEquals("CLAIM number: empty in a specific claim", fails(Claim::decode, patch(random, 2, 0)));
        assertThrows(IllegalArgumentException.class,
            () -> Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "", T, 0, 0));
        assertThrows(IllegalArgumentException.class,
            () -> Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "1", Records.MAX_TIME + 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
            () -> Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "12a", T, 0, 0));
    }

    /** A nonce that does not meet the difficulty fails verification even when correctly signed. */
    @Test
    void claimWithoutWork() {
        Claim lazy = Claim.sign(TestKeys.PHONE, Claim.SPECIFIC, "96512345", T, 8, 298);
        assertTrue(lazy.verifySignature(TestKeys.PUBLIC_1));
        assertFalse(lazy.verifyWork());
        assertFalse(lazy.verify(0));
    }

    @Test
    void blockListFields() {
        BlockList b = BlockList.sign(TestKeys.PHONE, "1", 3, false, new String[] {"2"}, new String[] {"3"});
        // 03 01 | 01 1f | key (32) | 00 00 00 03 | flags | count | 00 01 2f | 01 01 3f | signature
        int flags = 4 + 32 + 4;
        assertEquals("BLOCK_LIST flags: reserved bits set in 0x2", fails(BlockList::decode, patch(b, flags, 2)));
        assertEquals("BLOCK_LIST count: 33, at most 32", fails(BlockList::decode, patch(b, flags + 1, 33)));
        assertEquals("BLOCK_LIST entry 0: kind 2, expected 0 (number) or 1 (prefix)",
            fails(BlockList::decode, patch(b, flags + 2, 2)));
        byte[] swapped = b.encode();
        swapped[flags + 2] = 1;
        swapped[flags + 5] = 0;
        assertEquals("BLOCK_LIST entry 1: number after a prefix", fails(BlockList::decode, swapped));
        assertEquals("BLOCK_LIST entry 0: empty", fails(BlockList::decode, patch(b, flags + 3, 0)));
        assertThrows(IllegalArgumentException.class, () -> BlockList.sign(TestKeys.PHONE, "1", 1, false,
            new String[20], new String[13]));
        assertThrows(IllegalArgumentException.class, () -> BlockList.sign(TestKeys.PHONE, "1", 1, false,
            new String[] {""}, new String[0]));
    }

    @Test
    void callerIdFields() {
        CallerIdProof p = CallerIdProof.sign(TestKeys.PHONE, "12", "34", T, NONCE8);
        assertEquals("CALLER_ID flags: reserved bits set in 0x80", fails(CallerIdProof::decode, patch(p, 2, 0x80)));
        assertEquals("CALLER_ID caller: present in an anonymous caller id",
            fails(CallerIdProof::decode, patch(p, 2, 1)));
        byte[] anon = CallerIdProof.anonymous("34", T, NONCE8).encode();
        anon[2] = 0;
        assertEquals("CALLER_ID caller: empty", fails(CallerIdProof::decode, anon));
        byte[] anonSigned = Hex.concat(CallerIdProof.anonymous("34", T, NONCE8).encode(), new byte[64]);
        assertEquals("CALLER_ID 64 trailing bytes", fails(CallerIdProof::decode, anonSigned));
    }

    @Test
    void registrarRecordFields() {
        RegistrarRecord owned = RegistrarRecord.owned(TestKeys.REGISTRAR, "1", TestKeys.PUBLIC_1, T, T);
        assertEquals("REGISTRAR_RECORD state: 3, expected 1 (owned) or 2 (quarantine)",
            fails(RegistrarRecord::decode, patch(owned, 2, 3)));
        int until = 3 + 2 + 32 + 4;
        assertEquals("REGISTRAR_RECORD until: 1 in an owned record, expected 0",
            fails(RegistrarRecord::decode, patch(owned, until + 3, 1)));
        assertEquals("REGISTRAR_RECORD until: 0 is not after since 1764000000",
            fails(RegistrarRecord::decode, patch(owned, 2, 2)));
        assertThrows(IllegalArgumentException.class,
            () -> RegistrarRecord.quarantine(TestKeys.REGISTRAR, "1", TestKeys.PUBLIC_1, T, T, T));
    }

    @Test
    void keyShareFields() {
        KeyShare s = KeyShare.sign(TestKeys.PHONE, KeyShare.CALLER, "1", "2", NONCE8, T,
            EphemeralKey.fromSecret(X25519VectorsTest.ALICE_SECRET));
        assertEquals("KEY_SHARE role: 2, expected 0 (caller) or 1 (callee)", fails(KeyShare::decode, patch(s, 2, 2)));
        // An empty caller in the caller's share is an anonymous caller: it carries no signature.
        assertEquals("KEY_SHARE 64 trailing bytes", fails(KeyShare::decode, Hex.concat(Hex.bytes("07 01 00 00"),
            java.util.Arrays.copyOfRange(s.encode(), 5, s.length()))));
        byte[] anon = KeyShare.anonymous("2", NONCE8, T, EphemeralKey.fromSecret(X25519VectorsTest.ALICE_SECRET))
            .encode();
        anon[2] = KeyShare.CALLEE;
        assertEquals("KEY_SHARE truncated at signature", fails(KeyShare::decode, anon));
        byte[] noCallee = Hex.concat(Hex.bytes("07 01 00 01 1f 00"), java.util.Arrays.copyOfRange(s.encode(), 7,
            s.length()));
        assertEquals("KEY_SHARE callee: empty", fails(KeyShare::decode, noCallee));
        assertThrows(IllegalArgumentException.class, () -> KeyShare.sign(TestKeys.PHONE, KeyShare.CALLER, "", "2",
            NONCE8, T, EphemeralKey.fromSecret(X25519VectorsTest.ALICE_SECRET)));
    }

    @Test
    void peekType() throws IdentityException {
        assertEquals(Records.CLAIM, Records.peekType(Hex.bytes("01"), 0, 1));
        assertEquals("record truncated at type",
            assertThrows(IdentityException.class, () -> Records.peekType(new byte[0], 0, 0)).getMessage());
    }

    @Test
    void badRangesAreTheCallersBug() {
        byte[] b = new byte[4];
        assertThrows(IllegalArgumentException.class, () -> Claim.decode(b, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Claim.decode(b, -1, 1));
    }
}
