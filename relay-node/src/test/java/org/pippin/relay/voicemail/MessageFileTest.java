package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Wire;

/**
 * The message file, as relays store it and send it to each other in VM_COPY chunks: golden bytes written by hand,
 * round trip, and the files a hostile relay could send with the exact error.
 */
class MessageFileTest {
    /** One GSM frame from 777 for 123 (UNAVAILABLE), with its CRC. */
    static final String GOLDEN = "50564d31 0000000000000abc 0000018bcfe56800 01 01 03 313233 03 373737 00000021"
            + " d8" + "00".repeat(32) + " 882722b0";

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] withCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length - 4);
        ByteBuffer.wrap(body).putInt(body.length - 4, (int) crc.getValue());
        return body;
    }

    @Test
    void golden() throws Exception {
        byte[] audio = new byte[33];
        audio[0] = (byte) 0xd8;
        Message m = new Message(0xabc, "123", "777", 1_700_000_000_000L, Wire.CODEC_GSM, Wire.REJECT_UNAVAILABLE,
                audio);
        byte[] expected = bytes(GOLDEN);
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(m.encode()));
        Message d = Message.decode(expected);
        assertEquals(0xabc, d.id);
        assertEquals("123", d.owner);
        assertEquals("777", d.caller);
        assertEquals(1_700_000_000_000L, d.timeMillis);
        assertEquals(Wire.CODEC_GSM, d.codec);
        assertEquals(Wire.REJECT_UNAVAILABLE, d.reason);
        assertEquals(20, d.durationMillis());
        assertArrayEquals(audio, d.audio());
        assertArrayEquals(expected, d.encode());
    }

    @Test
    void roundTripAnonymous() throws Exception {
        Message m = new Message(-1L, "96512345", "", 0, Wire.CODEC_PCMU, Wire.REJECT_BUSY, new byte[320]);
        Message d = Message.decode(m.encode());
        assertEquals("", d.caller);
        assertEquals(40, d.durationMillis());
        assertArrayEquals(m.encode(), d.encode());
    }

    @Test
    void hostileFiles() {
        byte[] good = bytes(GOLDEN);
        byte[] flipped = good.clone();
        flipped[30] ^= 1;
        assertEquals("message file fails its CRC", error(flipped));
        assertEquals("message file of 5 bytes is shorter than its header", error(new byte[5]));
        byte[] path = withCrc(bytes(GOLDEN.replace("03 313233", "03 2e2e2f")));
        assertEquals("message numbers \"../\" / \"777\" are not phone numbers", error(path));
        byte[] noOwner = withCrc(bytes(GOLDEN.replace("03 313233 03 373737 00000021", "00 03 373737 00000021")));
        assertEquals("message numbers \"\" / \"777\" are not phone numbers", error(noOwner));
        byte[] control = withCrc(bytes(GOLDEN.replace("03 373737", "03 37370a")));
        assertEquals("message numbers \"123\" / \"77?\" are not phone numbers", error(control));
        byte[] longOwner = withCrc(bytes(GOLDEN.replace("03 313233", "ff 313233")));
        assertEquals("message number of 255 bytes overruns the file", error(longOwner));
        byte[] audioLength = withCrc(bytes(GOLDEN.replace("00000021", "00000020")));
        assertEquals("message audio length 32, file holds 33", error(audioLength));
        byte[] magic = withCrc(bytes(GOLDEN.replace("50564d31", "50564d32")));
        assertEquals("message file has no PVM1 magic", error(magic));
        byte[] codec = withCrc(bytes(GOLDEN.replace("01 01 03", "07 01 03")));
        assertEquals("message: audio of 33 bytes is not whole UNKNOWN(7) frames", error(codec));
    }

    private static String error(byte[] file) {
        return assertThrows(StoreException.class, () -> Message.decode(file)).getMessage();
    }
}
