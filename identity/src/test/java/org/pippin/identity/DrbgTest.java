package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

class DrbgTest {

    /**
     * NIST CAVP HMAC_DRBG.rsp, [SHA-256], no prediction resistance, no personalization, no additional input,
     * COUNT = 0: instantiate with entropy || nonce, generate 1024 bits twice, the second output is ReturnedBits.
     */
    @Test
    void nistCavpVector() {
        Drbg drbg = new Drbg(Hex.concat(Hex.bytes("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488"),
            Hex.bytes("659ba96c601dc69fc902940805ec0ca8")));
        byte[] out = new byte[128];
        drbg.nextBytes(out, 0, 128);
        drbg.nextBytes(out, 0, 128);
        assertEquals("e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89"
            + "d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc1"
            + "07694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668"
            + "961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8", Hex.of(out).replace(" ", ""));
    }

    @Test
    void writesAtAnOffsetAndReseedChangesTheStream() {
        Drbg a = new Drbg(new byte[32]);
        Drbg b = new Drbg(new byte[32]);
        byte[] x = new byte[40];
        byte[] y = new byte[40];
        a.nextBytes(x, 3, 35);
        b.nextBytes(y, 3, 35);
        assertEquals(Hex.of(x), Hex.of(y));
        assertEquals(0, x[0] | x[1] | x[2] | x[38] | x[39]);
        a.reseed(new byte[] {1});
        a.nextBytes(x, 0, 32);
        b.nextBytes(y, 0, 32);
        assertFalse(Hex.of(x).equals(Hex.of(y)));
    }

    @Test
    void shortSeedIsRefused() {
        assertEquals("DRBG seed needs at least 32 bytes",
            assertThrows(IllegalArgumentException.class, () -> new Drbg(new byte[31])).getMessage());
    }
}
