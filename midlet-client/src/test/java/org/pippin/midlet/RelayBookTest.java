package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RelayBookTest {

    @Test
    void keepsOrderUpdatesRoomAndStopsAtSixteen() {
        RelayBook b = new RelayBook();
        assertTrue(b.put("a:1", RelayBook.UNKNOWN));
        assertTrue(b.put("b:2", 100));
        assertFalse(b.put("a:1", RelayBook.UNKNOWN), "a seed's unknown room does not overwrite what was heard");
        assertTrue(b.put("a:1", 50));
        assertFalse(b.put("a:1", 50));
        assertEquals(0, b.indexOf("a:1"));
        assertEquals(50, b.spareKbps(0));
        for (int i = 3; i <= 20; i++) {
            b.put("h" + i + ":" + i, i);
        }
        assertEquals(RelayBook.MAX, b.size());
        assertEquals(-1, b.indexOf("h20:20"));
    }

    @Test
    void onlyHostPortAddresses() {
        for (String bad : new String[] {null, "", "host", ":7070", "host:", "host:0", "host:65536", "host:12a",
            "ho st:1", "host:1234567", "h\u00e9:1"}) {
            assertFalse(RelayBook.isAddress(bad), String.valueOf(bad));
        }
        for (String good : new String[] {"h:1", "127.0.0.1:7070", "[::1]:7070", "relay.example:65535"}) {
            assertTrue(RelayBook.isAddress(good), good);
        }
        assertEquals("[::1]", RelayBook.host("[::1]:7070"));
        assertEquals(7070, RelayBook.port("[::1]:7070"));
    }

    @Test
    void theRecordRoundTripsAndADamagedOneSaysSo() throws Exception {
        RelayBook b = new RelayBook();
        b.put("a:1", RelayBook.UNKNOWN);
        b.put("b:2", 0);
        b.put("c:3", 480);
        RelayBook again = new RelayBook();
        again.put("c:3", RelayBook.UNKNOWN);
        again.merge(b.encode());
        assertEquals(3, again.size());
        assertEquals("c:3", again.address(0));
        assertEquals(480, again.spareKbps(0));
        assertEquals(RelayBook.UNKNOWN, again.spareKbps(again.indexOf("a:1")));
        assertEquals(0, again.spareKbps(again.indexOf("b:2")));
        assertEquals("relays record version 2, expected 1",
                assertThrows(IOException.class, () -> new RelayBook().merge(new byte[] {2, 0})).getMessage());
        assertEquals("relays record of 17 relays, at most 16",
                assertThrows(IOException.class, () -> new RelayBook().merge(new byte[] {1, 17})).getMessage());
        byte[] cut = b.encode();
        assertThrows(IOException.class, () -> new RelayBook().merge(java.util.Arrays.copyOf(cut, cut.length - 1)));
    }
}
