package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Vector;

import org.junit.jupiter.api.Test;
import org.pippin.identity.LinkedNumbers;

class LinkedSetTest {

    @Test
    @SuppressWarnings("unchecked") // LinkedSet's Vectors are CLDC's, without a type parameter
    void roundTripsAndKeepsVerificationsOfNumbersStillLinked() throws IOException {
        Vector<Object> sets = new Vector<Object>();
        LinkedSet a = LinkedSet.of(sets, "1001");
        a.accepted(7, LinkedNumbers.SEQUENTIAL, 30, new String[] {"2002", "+4930123456", "+331234"});
        a.verified.addElement("+4930123456");
        a.verified.addElement("+331234");
        a.accepted(8, LinkedNumbers.SEQUENTIAL, 30, new String[] {"2002", "+4930123456"});
        LinkedSet.of(sets, "1002");
        assertEquals(a, LinkedSet.of(sets, "1001"), "one set per owner");

        Vector<Object> back = new Vector<Object>();
        LinkedSet.decode(LinkedSet.encode(sets), back);
        assertEquals(2, back.size());
        LinkedSet b = (LinkedSet) back.elementAt(0);
        assertEquals("1001", b.owner);
        assertEquals(8, b.sequence);
        assertEquals(LinkedNumbers.SEQUENTIAL, b.rule);
        assertEquals(30, b.stepSeconds);
        assertArrayEquals(new String[] {"2002", "+4930123456"}, MyNumber.strings(b.numbers));
        assertArrayEquals(new String[] {"+4930123456"}, MyNumber.strings(b.verified), "+331234 was unlinked");
        assertEquals("+4930123456 (verified)", b.label("+4930123456"));
        assertEquals("2002", b.label("2002"));
        assertEquals(0, ((LinkedSet) back.elementAt(1)).numbers.size());
    }

    @Test
    void damagedRecordsAreRefused() {
        byte[] good = LinkedSet.encode(new Vector<Object>());
        byte[] version = good.clone();
        version[0] = 2;
        assertEquals("linked numbers record version 2, expected 1",
                assertThrows(IOException.class, () -> LinkedSet.decode(version, new Vector<Object>())).getMessage());
        byte[] longer = {1, 0, 9};
        assertThrows(IOException.class, () -> LinkedSet.decode(longer, new Vector<Object>()));
        byte[] truncated = {1, 1, 0, 4, '1', '0'};
        assertThrows(IOException.class, () -> LinkedSet.decode(truncated, new Vector<Object>()));
    }
}
