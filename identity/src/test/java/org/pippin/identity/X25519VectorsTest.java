package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

/** RFC 7748 section 6.1: Alice and Bob. */
class X25519VectorsTest {
    static final byte[] ALICE_SECRET = Hex.bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    static final byte[] ALICE_PUBLIC = Hex.bytes("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    static final byte[] BOB_SECRET = Hex.bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    static final byte[] BOB_PUBLIC = Hex.bytes("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    static final byte[] SHARED = Hex.bytes("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    @Test
    void rfc7748AliceAndBob() throws IdentityException {
        EphemeralKey alice = EphemeralKey.fromSecret(ALICE_SECRET);
        EphemeralKey bob = EphemeralKey.fromSecret(BOB_SECRET);
        assertArrayEquals(ALICE_PUBLIC, alice.publicKey());
        assertArrayEquals(BOB_PUBLIC, bob.publicKey());
        assertArrayEquals(SHARED, alice.agree(BOB_PUBLIC));
        assertArrayEquals(SHARED, bob.agree(ALICE_PUBLIC));
    }

    @Test
    void lowOrderPeerKeyIsRefused() {
        EphemeralKey alice = EphemeralKey.fromSecret(ALICE_SECRET);
        assertEquals("X25519 public key is a low-order point",
            assertThrows(IdentityException.class, () -> alice.agree(new byte[32])).getMessage());
        assertEquals("X25519 public key must be 32 bytes",
            assertThrows(IdentityException.class, () -> alice.agree(new byte[31])).getMessage());
    }
}
