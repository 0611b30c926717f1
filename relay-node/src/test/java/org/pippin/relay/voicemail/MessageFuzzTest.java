package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.pippin.protocol.Allocation;
import org.pippin.protocol.Numbers;

/**
 * {@link Message#decode} on arbitrary bytes: a message file is what another relay sends in VM_COPY chunks, so it is
 * input from the network now. It throws only {@link StoreException}, allocates in proportion to the input, accepts
 * only phone numbers (the owner names a directory), and whatever it accepts encodes back to exactly its input.
 */
class MessageFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws Exception {
        Allocation.bounded(data.length, 8, () -> check(data));
        // The same bytes with a CRC that holds: the fuzzer cannot forge CRC-32, so it gets past it this way.
        if (data.length >= 4) {
            byte[] sealed = data.clone();
            CRC32 crc = new CRC32();
            crc.update(sealed, 0, sealed.length - 4);
            ByteBuffer.wrap(sealed).putInt(sealed.length - 4, (int) crc.getValue());
            Allocation.bounded(sealed.length, 8, () -> check(sealed));
        }
    }

    private static void check(byte[] data) {
        Message m;
        try {
            m = Message.decode(data);
        } catch (StoreException e) {
            assertFalse(e.getMessage().isEmpty());
            return;
        }
        assertFalse(m.owner.isEmpty());
        assertTrue(Numbers.isValid(m.owner), m.owner);
        assertTrue(Numbers.isValid(m.caller), m.caller);
        assertArrayEquals(data, m.encode());
    }
}
