package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The numbers-and-identity frames (HELLO, CHALLENGE, LOGIN, CLAIM, RELEASE, BLOCKLIST, RESULT): bytes written by hand
 * from PROTOCOL.md, field by field read back, random round trips and hostile input with the exact error. The frames
 * that are in {@link FrameGoldenTest#GOLDEN} also go through its truncation, bit-flip and byte-replacement tests.
 */
class IdentityFramesTest {

    private static byte[] seq(int first, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    private static <F extends Frame> F golden(Frame f, String hex, Class<F> type) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        Frame d = FrameCodec.decode(expected, 0, expected.length);
        assertEquals(f.toString(), d.toString());
        assertEquals(f.messageId, d.messageId);
        return assertInstanceOf(type, d);
    }

    @Test
    void hello() throws Exception {
        Hello d = golden(new Hello(seq(0, 16), 0), "10 0b 00 00  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
            Hello.class);
        assertArrayEquals(seq(0, 16), d.clientNonce());
        assertEquals(0, d.padding);
        assertFalse(d.isReliable());
        assertEquals("HELLO nonce=00 01 02 03 padding=0", d.toString());
        Hello padded = golden(new Hello(seq(0, 16), 3),
            "10 0b 00 00  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  00 00 00", Hello.class);
        assertEquals(3, padded.padding);
    }

    @Test
    void paddedHelloIsAsLongAsTheLongestChallenge() {
        byte[][] seven = new byte[7][];
        for (int i = 0; i < 7; i++) {
            seven[i] = seq(i, 32);
        }
        int longest = FrameCodec.encode(new Challenge(seq(0, 16), seq(0, 16), 16, seven)).length;
        assertEquals(262, longest);
        assertEquals(longest, Challenge.MAX_SIZE);
        assertEquals(longest, FrameCodec.encode(Hello.padded(seq(0, 16))).length);
    }

    @Test
    void helloPaddingIsWhateverFollowsTheNonce() throws ProtocolException {
        byte[] b = Hex.bytes("10 0b 00 00  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  ff 7e");
        Hello h = assertInstanceOf(Hello.class, FrameCodec.decode(b, 0, b.length));
        assertEquals(2, h.padding);
        for (int len = 4; len < 20; len++) {
            int cut = len;
            ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, cut));
            assertEquals("HELLO truncated at client nonce", e.getMessage());
        }
    }

    @Test
    void challenge() throws Exception {
        Challenge d = golden(new Challenge(seq(0, 16), seq(0xf0, 16), 16, new byte[][] {seq(0x20, 32)}),
            FrameGoldenTest.CHALLENGE, Challenge.class);
        assertArrayEquals(seq(0, 16), d.clientNonce());
        assertArrayEquals(seq(0xf0, 16), d.challenge());
        assertEquals(16, d.difficulty);
        assertEquals(1, d.keyCount());
        assertArrayEquals(seq(0x20, 32), d.registrarKey(0));
        assertFalse(d.isReliable());
        assertEquals(70, FrameCodec.encode(d).length);
        assertEquals("CHALLENGE nonce=00 01 02 03 challenge=f0 f1 f2 f3 difficulty=16 keys=1", d.toString());
    }

    @Test
    void login() throws Exception {
        Login f = new Login(Hex.bytes("aa bb cc"), 0x02);
        f.messageId = 5;
        Login d = golden(f, FrameGoldenTest.LOGIN, Login.class);
        assertArrayEquals(Hex.bytes("aa bb cc"), d.proof());
        assertEquals(2, d.codecMask);
        assertTrue(d.isReliable());
        assertEquals("LOGIN #5 proof=3B codecs=GSM", d.toString());
    }

    @Test
    void claimReleaseBlocklist() throws Exception {
        RecordRequest claim = new RecordRequest(Wire.CLAIM, Hex.bytes("01 01"));
        claim.messageId = 6;
        assertArrayEquals(Hex.bytes("01 01"), golden(claim, FrameGoldenTest.CLAIM, RecordRequest.class).record());
        assertEquals("CLAIM #6 record=2B", claim.toString());
        RecordRequest release = new RecordRequest(Wire.RELEASE, Hex.bytes("02"));
        release.messageId = 7;
        assertEquals(Wire.RELEASE, golden(release, FrameGoldenTest.RELEASE, RecordRequest.class).type);
        RecordRequest block = new RecordRequest(Wire.BLOCKLIST, Hex.bytes("03 01 00"));
        block.messageId = 8;
        RecordRequest d = golden(block, FrameGoldenTest.BLOCKLIST, RecordRequest.class);
        assertEquals(3, d.recordLength());
        assertTrue(d.isReliable());
    }

    @Test
    void linksAndLinkCheck() throws Exception {
        RecordRequest links = new RecordRequest(Wire.LINKS, Hex.bytes("40 01"));
        links.messageId = 9;
        RecordRequest d = golden(links, FrameGoldenTest.LINKS, RecordRequest.class);
        assertArrayEquals(Hex.bytes("40 01"), d.record());
        assertEquals("LINKS #9 record=2B", links.toString());
        RecordRequest check = new RecordRequest(Wire.LINK_CHECK, Hex.bytes("41"));
        check.messageId = 10;
        assertEquals(Wire.LINK_CHECK, golden(check, FrameGoldenTest.LINK_CHECK, RecordRequest.class).type);
        assertEquals("LINK_NOT_ALLOWED", Wire.resultName(Wire.RESULT_LINK_NOT_ALLOWED));
        assertEquals("LINK_NO_TRUNK", Wire.resultName(Wire.RESULT_LINK_NO_TRUNK));
    }

    @Test
    void blocklistRecordsLongerThan255Bytes() throws ProtocolException {
        byte[] record = seq(0, 499);
        byte[] bytes = FrameCodec.encode(new RecordRequest(Wire.BLOCKLIST, record));
        assertEquals(4 + 2 + 499, bytes.length);
        assertEquals(0x01, bytes[4]);
        assertEquals((byte) 0xf3, bytes[5]);
        assertArrayEquals(record, ((RecordRequest) FrameCodec.decode(bytes, 0, bytes.length)).record());
        assertEquals(Wire.MAX_FRAME, FrameCodec.encode(new RecordRequest(Wire.BLOCKLIST,
            new byte[RecordRequest.MAX_BLOCKLIST])).length);
    }

    @Test
    void result() throws Exception {
        Result f = new Result(Wire.CLAIM, Wire.RESULT_GRANTED, Hex.bytes("06 01"), "");
        f.messageId = 9;
        Result d = golden(f, FrameGoldenTest.RESULT, Result.class);
        assertEquals(Wire.CLAIM, d.request);
        assertEquals(Wire.RESULT_GRANTED, d.outcome);
        assertArrayEquals(Hex.bytes("06 01"), d.record());
        assertEquals("RESULT #9 request=CLAIM GRANTED record=2B", d.toString());
        Result refused = new Result(Wire.CLAIM, Wire.RESULT_TOO_LITTLE_WORK, new byte[0], "low difficu");
        refused.messageId = 10;
        Result r = golden(refused, FrameGoldenTest.RESULT_REFUSED, Result.class);
        assertEquals(0, r.record().length);
        assertEquals("RESULT #10 request=CLAIM TOO_LITTLE_WORK \"low difficu\"", r.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10 0c 00 00  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
            + "  10 08 | CHALLENGE key count: 8, at most 7",
        "10 0c 00 00  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
            + "  10 01 00 01 | CHALLENGE truncated at registrar key",
        "10 0d 00 01  00 02                                          | LOGIN proof: length 0, expected 1 to 255",
        "10 0d 00 01  02 aa bb                                       | LOGIN truncated at codec mask",
        "10 0e 00 01  00                                             | CLAIM record: length 0, expected 1 to 255",
        "10 0f 00 01  05 01 02                                       | RELEASE truncated at record",
        "10 10 00 01  00 00                                          | BLOCKLIST record: length 0, expected 1 to 1018",
        "10 10 00 01  03 fb 00                                       | BLOCKLIST record: length 1019, expected 1 to 1018",
        "10 10 00 01  01                                             | BLOCKLIST truncated at record",
        "10 11 00 01  0e 01 03 01                                    | RESULT truncated at record",
        "10 11 00 01  0e 01 00 02 41                                 | RESULT truncated at detail",
    })
    void badFields(String hex, String message) {
        byte[] b = Hex.bytes(hex);
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, b.length));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void invalidFieldsAreRefusedWhenTheFrameIsMade() {
        assertThrows(IllegalArgumentException.class, () -> new Hello(new byte[15], 0));
        assertThrows(IllegalArgumentException.class, () -> new Hello(new byte[16], 1005));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(new byte[16], new byte[16], 8,
            new byte[8][32]));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(new byte[16], new byte[16], 8,
            new byte[][] {new byte[31]}));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(new byte[16], new byte[16], 256,
            new byte[0][]));
        assertThrows(IllegalArgumentException.class, () -> new Login(new byte[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new Login(new byte[256], 1));
        assertEquals("type 1 is not CLAIM, RELEASE, BLOCKLIST, LINKS or LINK_CHECK",
            assertThrows(IllegalArgumentException.class, () -> new RecordRequest(Wire.REGISTER, new byte[1]))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RecordRequest(Wire.CLAIM, new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> new RecordRequest(Wire.BLOCKLIST, new byte[1019]));
        assertThrows(IllegalArgumentException.class, () -> new Result(Wire.CLAIM, 1, new byte[256], ""));
    }

    @Test
    void randomFramesRoundTrip() throws ProtocolException {
        Random random = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            Frame f;
            switch (random.nextInt(5)) {
                case 0: {
                    byte[][] keys = new byte[random.nextInt(8)][];
                    for (int i = 0; i < keys.length; i++) {
                        keys[i] = bytes(random, 32);
                    }
                    f = new Challenge(bytes(random, 16), bytes(random, 16), random.nextInt(256), keys);
                    break;
                }
                case 1:
                    f = new Login(bytes(random, 1 + random.nextInt(255)), random.nextInt(256));
                    break;
                case 2: {
                    int type = Wire.CLAIM + random.nextInt(3);
                    int max = type == Wire.BLOCKLIST ? RecordRequest.MAX_BLOCKLIST : 255;
                    f = new RecordRequest(type, bytes(random, 1 + random.nextInt(max)));
                    break;
                }
                case 3:
                    f = new Result(random.nextInt(256), random.nextInt(256), bytes(random, random.nextInt(256)),
                        "detail " + random.nextInt());
                    break;
                default:
                    f = new Hello(bytes(random, 16), random.nextInt(Wire.MAX_FRAME - 19));
                    break;
            }
            if (f.isReliable()) {
                f.messageId = random.nextInt(65536);
            }
            byte[] bytes = FrameCodec.encode(f);
            assertTrue(bytes.length <= Wire.MAX_FRAME);
            Frame back = FrameCodec.decode(bytes, 0, bytes.length);
            assertEquals(f.getClass(), back.getClass());
            assertArrayEquals(bytes, FrameCodec.encode(back), f.toString());
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
