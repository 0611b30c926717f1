package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

/** ChaCha20 (RFC 8439) and HKDF (RFC 5869) against their RFCs' test vectors and the JDK. */
class VoiceCryptoVectorsTest {
    private static final byte[] KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static ChaCha20 chacha(byte[] key, byte[] nonce) {
        ChaCha20 c = new ChaCha20(key);
        c.nonce(ChaCha20.le(nonce, 0), ChaCha20.le(nonce, 4), ChaCha20.le(nonce, 8));
        return c;
    }

    /** RFC 8439 section 2.3.2. */
    @Test
    void rfc8439BlockFunction() {
        byte[] block = new byte[64];
        chacha(KEY, Hex.bytes("000000090000004a00000000")).xor(1, block, 0, 64);
        assertEquals("10 f1 e7 e4 d1 3b 59 15 50 0f dd 1f a3 20 71 c4 c7 d1 f4 c7 33 c0 68 03 04 22 aa 9a c3 d4 6c 4e"
            + " d2 82 64 46 07 9f aa 09 14 c2 d7 05 d9 8b 02 a2 b5 12 9c d1 de 16 4e b9 cb d0 83 e8 a2 50 3c 4e",
            Hex.of(block));
    }

    /** RFC 8439 section 2.4.2, the "sunscreen" text, compared with the JDK's ChaCha20. */
    @Test
    void rfc8439EncryptionAgreesWithTheJdk() throws Exception {
        byte[] nonce = Hex.bytes("000000000000004a00000000");
        byte[] text = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
            + " sunscreen would be it.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] ours = text.clone();
        chacha(KEY, nonce).xor(1, ours, 0, ours.length);
        assertEquals("6e 2e 35 9a 25 68 f9 80 41 ba 07 28 dd 0d 69 81", Hex.of(java.util.Arrays.copyOf(ours, 16)));
        assertArrayEquals(jdkChaCha(KEY, nonce, 1, text), ours);
    }

    @Test
    void randomLengthsAgreeWithTheJdk() throws Exception {
        Random r = new Random(4);
        for (int i = 0; i < 50; i++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            byte[] text = new byte[r.nextInt(300)];
            r.nextBytes(key);
            r.nextBytes(nonce);
            r.nextBytes(text);
            int counter = r.nextInt(1000);
            byte[] ours = Hex.concat(new byte[5], text);
            chacha(key, nonce).xor(counter, ours, 5, text.length);
            assertArrayEquals(jdkChaCha(key, nonce, counter, text), java.util.Arrays.copyOfRange(ours, 5,
                ours.length));
        }
    }

    static byte[] jdkChaCha(byte[] key, byte[] nonce, int counter, byte[] text) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
        return c.doFinal(text);
    }

    /** RFC 5869 appendix A, test cases 1 and 3. */
    @Test
    void rfc5869() {
        byte[] ikm = Hex.bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
            Hex.of(Hkdf.derive(Hex.bytes("000102030405060708090a0b0c"), ikm, Hex.bytes("f0f1f2f3f4f5f6f7f8f9"), 42))
                .replace(" ", ""));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
            Hex.of(Hkdf.derive(new byte[0], ikm, new byte[0], 42)).replace(" ", ""));
        assertArrayEquals(Hkdf.derive(null, ikm, null, 42), Hkdf.derive(new byte[0], ikm, new byte[0], 42));
        assertEquals("HKDF length 8161 not in 0..8160",
            assertThrows(IllegalArgumentException.class, () -> Hkdf.derive(null, ikm, null, 8161)).getMessage());
    }
}
