package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Md5Test {

    private static String hex(String s) {
        return HexFormat.of().formatHex(Md5.digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rfc1321TestSuite() {
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", hex(""));
        assertEquals("0cc175b9c0f1b6a831c399e269772661", hex("a"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", hex("abc"));
        assertEquals("f96b697d7cb7938d525a2f31aaf161d0", hex("message digest"));
        assertEquals("c3fcd3d76192e4007dfb496cca67e13b", hex("abcdefghijklmnopqrstuvwxyz"));
        assertEquals("57edf4a22be3c955ac49da2e2107b67a",
                hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"));
    }

    @Test
    void agreesWithTheJdkAtEveryLengthAroundBlockEdges() throws Exception {
        Random r = new Random(7);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            assertArrayEquals(MessageDigest.getInstance("MD5").digest(b), Md5.digest(b), "length " + n);
        }
    }
}
