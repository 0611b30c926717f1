package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.pippin.protocol.Allocation;
import org.pippin.protocol.RelayList;

/**
 * {@link RelaysXml#parse} on arbitrary bytes: only IOException, never more than sixteen relays, each a
 * {@code host:port} the phone can keep.
 */
class RelaysXmlFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) throws Exception {
        Allocation.bounded(data.length, 64, () -> check(data));
    }

    private static void check(byte[] data) {
        RelayList l;
        try {
            l = RelaysXml.parse(data, 0, data.length);
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith("not a relay list: "), e.getMessage());
            return;
        }
        assertTrue(l.size() <= RelayList.MAX_RELAYS);
        for (int i = 0; i < l.size(); i++) {
            assertTrue(RelayBook.isAddress(l.relay(i)), l.relay(i));
        }
    }
}
