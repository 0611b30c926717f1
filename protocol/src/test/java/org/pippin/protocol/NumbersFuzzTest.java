package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any string: a valid number survives BCD encoding and decoding (inside a REGISTERED frame, the decoder's only
 * entrance) unchanged and takes exactly {@link Numbers#encodedLength} bytes; anything else is refused by the encoder
 * with IllegalArgumentException, never written.
 */
class NumbersFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void roundTrip(String number) throws Exception {
        if (!Numbers.isValid(number)) {
            assertThrows(IllegalArgumentException.class, () -> Numbers.encodedLength(number));
            assertThrows(IllegalArgumentException.class, () -> Numbers.encode(number, new byte[64], 0));
            return;
        }
        byte[] out = new byte[1 + (Wire.MAX_NUMBER_DIGITS + 1) / 2];
        assertEquals(Numbers.encodedLength(number), Numbers.encode(number, out, 0));
        assertEquals(number.length(), out[0]);
        Registered f = new Registered(number, 25);
        byte[] frame = FrameCodec.encode(f);
        assertEquals(Wire.HEADER + Numbers.encodedLength(number) + 2, frame.length);
        Registered d = (Registered) FrameCodec.decode(frame, 0, frame.length);
        assertEquals(number, d.number);
        assertFalse(number.length() > Wire.MAX_NUMBER_DIGITS);
    }
}
