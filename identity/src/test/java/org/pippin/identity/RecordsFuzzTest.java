package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.pippin.protocol.Allocation;

/**
 * Every signed-record decoder on arbitrary bytes. The type byte picks the decoder (the seeds hold one golden record of
 * each type); a decoder throws only {@link IdentityException}, allocates in proportion to the input, refuses every
 * other type, and a record it accepts encodes to exactly the input (records are canonical: no trailing bytes, no
 * ignored bits). Checking the signature with any key, even bytes that are no curve point, says true or false.
 */
class RecordsFuzzTest {

    interface Decoder {
        SignedRecord decode(byte[] b, int off, int len) throws IdentityException;
    }

    /** The record types in {@link #DECODERS}' order. */
    private static final int[] TYPES = {
        Records.CLAIM, Records.RELEASE, Records.BLOCK_LIST, Records.LOGIN_PROOF, Records.CALLER_ID,
        Records.REGISTRAR_RECORD, Records.KEY_SHARE, Records.LINKED_NUMBERS, Records.LINK_CHECK,
    };
    private static final Decoder[] DECODERS = {
        Claim::decode, Release::decode, BlockList::decode, LoginProof::decode, CallerIdProof::decode,
        RegistrarRecord::decode, KeyShare::decode, LinkedNumbers::decode, LinkCheck::decode,
    };

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws Exception {
        int type = data.length == 0 ? 0 : data[0] & 0xFF;
        int picked = type % DECODERS.length;
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i] == type) {
                picked = i;
            }
        }
        Decoder decoder = DECODERS[picked];
        SignedRecord[] decoded = new SignedRecord[1];
        Allocation.bounded(data.length, 8, () -> decoded[0] = decodeOrNull(decoder, data));
        if (decoded[0] != null) {
            check(decoded[0], data);
        }
        for (int other = 0; other < DECODERS.length; other++) {
            if (TYPES[other] != type) {
                Decoder d = DECODERS[other];
                assertThrows(IdentityException.class, () -> d.decode(data, 0, data.length));
            }
        }
    }

    private static SignedRecord decodeOrNull(Decoder decoder, byte[] data) {
        try {
            return decoder.decode(data, 0, data.length);
        } catch (IdentityException e) {
            return null;
        }
    }

    /** Signature checks allocate (curve arithmetic), so they run outside the decoder's allocation bound. */
    private static void check(SignedRecord r, byte[] data) {
        assertEquals(data.length, r.length());
        assertArrayEquals(data, r.encode());
        byte[] key = new byte[IdentityKey.PUBLIC_KEY_SIZE];
        System.arraycopy(data, 0, key, 0, Math.min(key.length, data.length));
        boolean valid = r.verifySignature(key);
        assertTrue(!valid || r.isSigned());
        if (r instanceof Claim c) {
            c.verifyWork();
            c.verify(0);
        } else if (r instanceof Release rel) {
            rel.verify();
        }
    }
}
