package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

/** LINKED_NUMBERS and LINK_CHECK: bytes by hand, the JDK's Ed25519 agreeing on the signature, hostile fields named. */
class LinkRecordsTest {

    static LinkedNumbers golden() {
        return LinkedNumbers.sign(TestKeys.PHONE, "555", 7, LinkedNumbers.SEQUENTIAL, 15,
            new String[] {"+96512", "777"});
    }

    @Test
    void linkedNumbersGoldenBytesAndJdkSignature() throws Exception {
        byte[] b = golden().encode();
        String expected = "40 01 03 55 5f " + Hex.of(TestKeys.PUBLIC_1) + " 00 00 00 07 01 0f 02 06 a9 65 12 03 77 7f";
        assertEquals(Hex.of(Hex.bytes(expected)), Hex.of(Arrays.copyOf(b, b.length - 64)));
        assertTrue(TestKeys.jdkVerify(TestKeys.PUBLIC_1, "pippin linked numbers v1", Arrays.copyOf(b, b.length - 64),
            Arrays.copyOfRange(b, b.length - 64, b.length)));
        LinkedNumbers d = LinkedNumbers.decode(b, 0, b.length);
        assertEquals("555", d.owner);
        assertEquals(7, d.sequence);
        assertEquals(LinkedNumbers.SEQUENTIAL, d.rule);
        assertEquals(15, d.stepSeconds);
        assertArrayEquals(new String[] {"+96512", "777"}, d.numbers());
        assertTrue(d.verify(TestKeys.PUBLIC_1));
        assertFalse(d.verify(TestKeys.PUBLIC_2));
        assertArrayEquals(b, d.encode());
    }

    @Test
    void linkCheckGoldenBytesAndJdkSignature() throws Exception {
        byte[] b = LinkCheck.sign(TestKeys.PHONE, "555", 0x65000000L, "+96512", "0429").encode();
        String expected = "41 01 03 55 5f " + Hex.of(TestKeys.PUBLIC_1) + " 65 00 00 00 06 a9 65 12 04 30 34 32 39";
        assertEquals(Hex.of(Hex.bytes(expected)), Hex.of(Arrays.copyOf(b, b.length - 64)));
        assertTrue(TestKeys.jdkVerify(TestKeys.PUBLIC_1, "pippin link check v1", Arrays.copyOf(b, b.length - 64),
            Arrays.copyOfRange(b, b.length - 64, b.length)));
        LinkCheck d = LinkCheck.decode(b, 0, b.length);
        assertEquals("+96512", d.linked);
        assertEquals("0429", d.code);
        assertTrue(d.verify(TestKeys.PUBLIC_1));
        assertFalse(d.toString().contains("0429"), "the code stays out of logs");
        byte[] ask = LinkCheck.sign(TestKeys.PHONE, "555", 1, "+96512", "").encode();
        assertEquals("", LinkCheck.decode(ask, 0, ask.length).code);
    }

    @Test
    void flippedByteBreaksTheSignature() throws Exception {
        byte[] b = golden().encode();
        b[2 + 3 + 32 + 4 + 1] ^= 1; // the step seconds
        assertFalse(LinkedNumbers.decode(b, 0, b.length).verify(TestKeys.PUBLIC_1));
    }

    @Test
    void hostileLinkedNumbersAreNamed() {
        byte[] b = golden().encode();
        int rule = 2 + 3 + 32 + 4;
        assertRefused("LINKED_NUMBERS rule: 2, expected 0 (ring all) or 1 (sequential)", b, rule, 2);
        assertRefused("LINKED_NUMBERS step: 4 s, expected 5..120", b, rule + 1, 4);
        assertRefused("LINKED_NUMBERS count: 9, at most 8", b, rule + 2, 9);
        byte[] twice = b.clone();
        System.arraycopy(new byte[] {3, 0x55, 0x5f}, 0, twice, rule + 3 + 4, 3); // "777" becomes the owner "555"
        assertEquals("LINKED_NUMBERS linked number 1: the owner itself", assertThrows(IdentityException.class,
            () -> LinkedNumbers.decode(twice, 0, twice.length)).getMessage());
        byte[] truncated = Arrays.copyOf(b, b.length - 1);
        assertEquals("LINKED_NUMBERS truncated at signature", assertThrows(IdentityException.class,
            () -> LinkedNumbers.decode(truncated, 0, truncated.length)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkedNumbers.sign(TestKeys.PHONE, "555", 1,
            LinkedNumbers.RING_ALL, 20, new String[] {"777", "777"}));
        assertThrows(IllegalArgumentException.class, () -> LinkedNumbers.sign(TestKeys.PHONE, "555", 1,
            LinkedNumbers.RING_ALL, 121, new String[0]));
    }

    @Test
    void hostileLinkChecksAreNamed() {
        byte[] b = LinkCheck.sign(TestKeys.PHONE, "555", 1, "+96512", "12").encode();
        int linked = 2 + 3 + 32 + 4;
        byte[] local = b.clone();
        local[linked + 1] = (byte) 0x96; // "+96512" becomes "996512": a Pippin number needs no check
        assertEquals("LINK_CHECK linked number: not external (no '+')", assertThrows(IdentityException.class,
            () -> LinkCheck.decode(local, 0, local.length)).getMessage());
        assertRefused("LINK_CHECK code: not digits", b, linked + 4 + 1, 'a');
        assertRefused("LINK_CHECK code: length 9, at most 8", b, linked + 4, 9);
        assertThrows(IllegalArgumentException.class, () -> LinkCheck.sign(TestKeys.PHONE, "555", 1, "777", ""));
        assertThrows(IllegalArgumentException.class,
            () -> LinkCheck.sign(TestKeys.PHONE, "555", 1, "+96512", "123456789"));
    }

    private static void assertRefused(String message, byte[] golden, int at, int value) {
        byte[] b = golden.clone();
        b[at] = (byte) value;
        Class<? extends IdentityException> type = IdentityException.class;
        String got = assertThrows(type, () -> {
            if (b[0] == Records.LINKED_NUMBERS) {
                LinkedNumbers.decode(b, 0, b.length);
            } else {
                LinkCheck.decode(b, 0, b.length);
            }
        }).getMessage();
        assertEquals(message, got);
    }
}
