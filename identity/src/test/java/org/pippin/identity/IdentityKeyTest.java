package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pippin.protocol.Hex;

class IdentityKeyTest {

    /** RFC 8032 section 7.1, tests 1 to 3: public key from secret, and the signature. */
    @ParameterizedTest
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
            + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
            + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
            + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
            + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
            + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void rfc8032Vectors(String secret, String publicKey, String message, String signature) {
        IdentityKey key = IdentityKey.fromSecret(Hex.bytes(secret));
        assertArrayEquals(Hex.bytes(publicKey), key.publicKey());
        assertArrayEquals(Hex.bytes(signature), key.signRaw(Hex.bytes(message == null ? "" : message)));
    }

    @Test
    void signaturesAreDomainSeparatedAndMatchTheJdk() throws Exception {
        byte[] data = Hex.bytes("01 02 03 04 05");
        byte[] sig = new byte[70];
        TestKeys.PHONE.sign("pippin test v1", data, 1, 3, sig, 6);
        byte[] signature = java.util.Arrays.copyOfRange(sig, 6, 70);
        assertArrayEquals(TestKeys.jdkSign(TestKeys.SECRET_1, "pippin test v1", Hex.bytes("02 03 04")), signature);
        assertTrue(IdentityKey.verify(TestKeys.PUBLIC_1, "pippin test v1", data, 1, 3, sig, 6));
        assertFalse(IdentityKey.verify(TestKeys.PUBLIC_1, "pippin test v2", data, 1, 3, sig, 6));
        assertFalse(IdentityKey.verify(TestKeys.PUBLIC_2, "pippin test v1", data, 1, 3, sig, 6));
        assertFalse(IdentityKey.verify(TestKeys.PUBLIC_1, "pippin test v1", data, 0, 3, sig, 6));
        sig[40] ^= 1;
        assertFalse(IdentityKey.verify(TestKeys.PUBLIC_1, "pippin test v1", data, 1, 3, sig, 6));
    }

    @Test
    void verifyRefusesMalformedArguments() {
        byte[] sig = new byte[64];
        assertFalse(IdentityKey.verify(new byte[31], "d", new byte[0], 0, 0, sig, 0));
        assertFalse(IdentityKey.verify(null, "d", new byte[0], 0, 0, sig, 0));
        assertFalse(IdentityKey.verify(TestKeys.PUBLIC_1, "d", new byte[0], 0, 0, sig, 1));
        assertFalse(IdentityKey.verify(TestKeys.PUBLIC_1, "d", new byte[0], 0, 0, null, 0));
    }

    @Test
    void domainTagMustBePrintableAscii() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TestKeys.PHONE.sign("a\u0000b", new byte[0], 0, 0, new byte[64], 0));
        assertEquals("domain tag must be printable ASCII: a\u0000b", e.getMessage());
    }

    @Test
    void encodingRoundTripsAndIsVersioned() throws IdentityException {
        byte[] enc = TestKeys.PHONE.encode();
        assertEquals("01 " + Hex.of(TestKeys.SECRET_1) + " " + Hex.of(TestKeys.PUBLIC_1), Hex.of(enc));
        byte[] padded = Hex.concat(new byte[3], enc);
        IdentityKey back = IdentityKey.decode(padded, 3, IdentityKey.ENCODED_SIZE);
        assertArrayEquals(TestKeys.PUBLIC_1, back.publicKey());
        assertArrayEquals(enc, back.encode());
    }

    @Test
    void hostileEncodingsFail() {
        byte[] enc = TestKeys.PHONE.encode();
        assertEquals("IDENTITY_KEY length 64, expected 65",
            assertThrows(IdentityException.class, () -> IdentityKey.decode(enc, 0, 64)).getMessage());
        byte[] v2 = enc.clone();
        v2[0] = 2;
        assertEquals("IDENTITY_KEY version 2 unsupported, expected 1",
            assertThrows(IdentityException.class, () -> IdentityKey.decode(v2, 0, 65)).getMessage());
        byte[] wrongPublic = enc.clone();
        wrongPublic[64] ^= 1;
        assertEquals("IDENTITY_KEY public key does not match the secret key",
            assertThrows(IdentityException.class, () -> IdentityKey.decode(wrongPublic, 0, 65)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdentityKey.fromSecret(new byte[31]));
    }

    @Test
    void generatedKeysComeFromTheDrbg() {
        IdentityKey a = IdentityKey.generate(new Drbg(new byte[32]));
        IdentityKey b = IdentityKey.generate(new Drbg(new byte[32]));
        byte[] otherSeed = new byte[32];
        otherSeed[0] = 1;
        IdentityKey c = IdentityKey.generate(new Drbg(otherSeed));
        assertArrayEquals(a.publicKey(), b.publicKey());
        assertFalse(java.util.Arrays.equals(a.publicKey(), c.publicKey()));
    }

    /** First 8 bytes of SHA-256(RFC 8032 test 1 public key), in groups of four hex digits. */
    @Test
    void fingerprint() throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(TestKeys.PUBLIC_1);
        String hex = java.util.HexFormat.of().withUpperCase().formatHex(hash, 0, 8);
        String expected = hex.substring(0, 4) + " " + hex.substring(4, 8) + " " + hex.substring(8, 12) + " "
            + hex.substring(12, 16);
        assertEquals(expected, TestKeys.PHONE.fingerprint());
        assertEquals(19, expected.length());
    }
}
