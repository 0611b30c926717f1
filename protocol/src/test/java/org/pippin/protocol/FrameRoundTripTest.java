package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random valid frames of every type survive encode, decode, encode unchanged; invalid fields are refused early. */
class FrameRoundTripTest {
    private final Random random = new Random(42);

    private String number() {
        int digits = random.nextInt(Wire.MAX_NUMBER_DIGITS + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            sb.append("0123456789+*#".charAt(random.nextInt(13)));
        }
        return sb.toString();
    }

    private Frame randomFrame() {
        int callId = random.nextInt();
        int channel = random.nextInt(VoicePacket.MAX_CHANNEL + 1);
        switch (1 + random.nextInt(10)) {
            case Wire.REGISTER: {
                byte[] secret = new byte[Wire.MIN_SECRET + random.nextInt(Wire.MAX_SECRET - Wire.MIN_SECRET + 1)];
                random.nextBytes(secret);
                return new Register(number(), secret, random.nextInt(256));
            }
            case Wire.REGISTERED:
                return new Registered(number(), random.nextInt(65536), random.nextInt() & 0xFFFFFFFFL);
            case Wire.INVITE:
                return new Invite(callId, number(), number(), random.nextInt(256), random.nextInt(256), channel,
                    blob(), blob(), blob());
            case Wire.RINGING:
                return new Ringing(callId);
            case Wire.ANSWER:
                return new Answer(callId, random.nextInt(256), random.nextInt(256), channel, blob(), blob());
            case Wire.REJECT:
                return new Reject(callId, random.nextInt(256));
            case Wire.BYE:
                return new Bye(callId, random.nextInt(256));
            case Wire.KEEPALIVE:
                return new Keepalive();
            case Wire.ERROR: {
                char[] text = new char[random.nextInt(300)];
                for (int i = 0; i < text.length; i++) {
                    text[i] = (char) random.nextInt(0x100);
                }
                return new ErrorFrame(random.nextInt(256), new String(text));
            }
            default:
                return new Ack(random.nextInt(65536));
        }
    }

    private byte[] blob() {
        byte[] b = new byte[random.nextInt(Wire.MAX_TEXT + 1)];
        random.nextBytes(b);
        return b;
    }

    @Test
    void randomFramesRoundTrip() throws ProtocolException {
        for (int n = 0; n < 20_000; n++) {
            Frame f = randomFrame();
            if (f.type != Wire.ACK) {
                f.messageId = random.nextInt(65536);
            }
            byte[] bytes = FrameCodec.encode(f);
            assertTrue(bytes.length <= Wire.MAX_FRAME);
            Frame back = FrameCodec.decode(bytes, 0, bytes.length);
            assertEquals(f.getClass(), back.getClass());
            assertEquals(f.toString(), back.toString());
            assertArrayEquals(bytes, FrameCodec.encode(back), f.toString());
        }
    }

    @Test
    void largestFrames() {
        byte[] secret = new byte[Wire.MAX_SECRET];
        assertEquals(4 + 11 + 1 + 32 + 1, FrameCodec.encode(new Register("12345678901234567890", secret, 3)).length);
        byte[] blob = new byte[Wire.MAX_TEXT];
        assertEquals(4 + 4 + 11 + 11 + 4 + 256 + 256 + 256, FrameCodec.encode(new Invite(1,
            "12345678901234567890", "12345678901234567890", 3, 100, 1, blob, blob, blob)).length);
        assertEquals(4 + 2 + 255, FrameCodec.encode(new ErrorFrame(1, "x".repeat(1000))).length);
    }

    @Test
    void invalidFieldsAreRefusedWhenTheFrameIsMade() {
        assertEquals("secret length 33 not in 8..32",
            assertThrows(IllegalArgumentException.class, () -> new Register("1", new byte[33], 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Register("1", new byte[7], 1));
        assertThrows(IllegalArgumentException.class, () -> new Register("1", null, 1));
        assertThrows(IllegalArgumentException.class, () -> new Register("1x", new byte[8], 1));
        assertEquals("codec mask 256 not in 0..255",
            assertThrows(IllegalArgumentException.class, () -> new Register("1", new byte[8], 256)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Registered(null, 25));
        assertThrows(IllegalArgumentException.class, () -> new Registered("1", 65536));
        assertThrows(IllegalArgumentException.class, () -> new Registered("1", 25, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new Registered("1", 25, -1));
        assertEquals("channel 32768 not in 0..32767",
            assertThrows(IllegalArgumentException.class, () -> new Invite(1, "", "1", 2, 100, 32768)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Invite(1, "", "1", 2, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> new Invite(1, "", "1", 2, 100, 0).withRelayFields("a", 1));
        assertEquals("proof length 256 not in 0..255", assertThrows(IllegalArgumentException.class,
            () -> new Invite(1, "", "1", 2, 100, 0, new byte[256], new byte[0])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Invite(1, "", "1", 2, 100, 0, new byte[0], null));
        assertThrows(IllegalArgumentException.class, () -> new Answer(1, 1, 100, 0, new byte[256]));
        assertEquals("record length 256 not in 0..255", assertThrows(IllegalArgumentException.class,
            () -> new Answer(1, 1, 100, 0, new byte[0], new byte[256])).getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new Invite(1, "", "1", 2, 100, 0).withRecord(new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> new Answer(1, -1, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new Answer(1, 1, 100, 0).withChannel(-1));
        assertThrows(IllegalArgumentException.class, () -> new Reject(1, 256));
        assertThrows(IllegalArgumentException.class, () -> new Bye(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new ErrorFrame(256, ""));
        assertThrows(IllegalArgumentException.class, () -> new Ack(65536));
        assertThrows(IllegalArgumentException.class, () -> new UnknownFrame(256));
    }

    @Test
    void encoderRefusesWhatCannotBeSent() {
        Ringing r = new Ringing(1);
        r.messageId = 65536;
        assertEquals("message id 65536 not in 0..65535",
            assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode(r)).getMessage());
        assertEquals("an unknown frame (type 66) cannot be encoded",
            assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode(new UnknownFrame(0x42))).getMessage());
        byte[] out = new byte[10];
        assertEquals("RINGING needs 8 bytes at 3, buffer has 10",
            assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode(new Ringing(1), out, 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode(new Ringing(1), out, -1));
        assertArrayEquals(new byte[10], out, "nothing written");
        assertEquals(8, FrameCodec.encode(new Ringing(1), out, 2));
    }
}
