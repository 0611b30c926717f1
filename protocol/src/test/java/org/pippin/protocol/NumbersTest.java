package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({
        "96512345, 08 96 51 23 45",
        "123, 03 12 3f",
        "'', 00",
        "+*#0, 04 ab c0",
        "#, 01 cf",
        "12345678901234567890, 14 12 34 56 78 90 12 34 56 78 90",
    })
    void encodesPackedBcd(String number, String hex) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(expected.length, Numbers.encodedLength(number));
        byte[] out = new byte[expected.length + 2];
        assertEquals(expected.length, Numbers.encode(number, out, 1));
        assertEquals(Hex.of(expected), Hex.of(java.util.Arrays.copyOfRange(out, 1, 1 + expected.length)));
        assertEquals(0, out[0]);
        assertEquals(0, out[out.length - 1]);
        assertEquals(number, new Reader(out, 1, 1 + expected.length, "TEST").number("n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "+4930123456", "*100#", "12345678901234567890"})
    void valid(String number) {
        assertTrue(Numbers.isValid(number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678901", "12 34", "12-34", "abc", "\u0661", "p"})
    void invalid(String number) {
        assertFalse(Numbers.isValid(number));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Numbers.encode(number, new byte[32], 0));
        assertEquals("not a phone number: \"" + number + "\"", e.getMessage());
    }

    @Test
    void nullIsInvalid() {
        assertFalse(Numbers.isValid(null));
        assertEquals("not a phone number: null",
            assertThrows(IllegalArgumentException.class, () -> Numbers.encodedLength(null)).getMessage());
    }

    @Test
    void noRoom() {
        assertEquals("number needs 3 bytes at 2, buffer has 4",
            assertThrows(IllegalArgumentException.class, () -> Numbers.encode("123", new byte[4], 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Numbers.encode("1", new byte[4], -1));
    }
}
