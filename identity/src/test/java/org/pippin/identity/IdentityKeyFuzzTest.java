package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** {@link IdentityKey#decode} on arbitrary bytes: only IdentityException, and an accepted key encodes to the input. */
class IdentityKeyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) {
        IdentityKey key;
        try {
            key = IdentityKey.decode(data, 0, data.length);
        } catch (IdentityException e) {
            return;
        }
        assertArrayEquals(data, key.encode());
    }
}
