package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * For every frame type: the encoder makes exactly the bytes written by hand from PROTOCOL.md, and decoding gives back
 * every field. The expected bytes are kept in {@link #GOLDEN} for the hostile-input tests too.
 */
class FrameGoldenTest {
    static final String REGISTER = "10 01 00 01  08 96 51 23 45  08 01 02 03 04 05 06 07 08  03";
    static final String REGISTERED = "10 02 01 02  08 96 51 23 45  00 19  69 25 d3 c0";
    /** From a relay that does not send its time. Not in GOLDEN: bytes appended to it are read as the time. */
    static final String REGISTERED_WITHOUT_TIME = "10 02 01 02  08 96 51 23 45  00 19";
    static final String INVITE = "10 03 00 07  ca fe ba be  08 12 34 56 78  08 96 51 23 45  02  64  12 34  00  00  00";
    static final String INVITE_FROM_PHONE = "10 03 ff fe  00 00 00 2a  00  03 12 3f  03  28  00 00  00  00  00";
    static final String INVITE_SIGNED = "10 03 00 0b  00 00 00 2b  02 12  03 12 3f  02  64  00 00"
        + "  03 aa bb cc  02 dd ee  00";
    static final String INVITE_WITH_RECORD = "10 03 00 0c  00 00 00 2b  02 12  03 12 3f  02  64  00 09"
        + "  03 aa bb cc  02 dd ee  02 51 52";
    static final String RINGING = "10 04 ff ff  00 00 00 2a";
    static final String ANSWER = "10 05 00 03  01 02 03 04  01  64  7f ff  02 ab cd  00";
    static final String ANSWER_WITH_RECORD = "10 05 00 04  01 02 03 04  01  64  00 05  02 ab cd  03 61 62 63";
    static final String REJECT = "10 06 00 09  00 00 00 05  02";
    static final String BYE = "10 07 00 0a  80 00 00 00  02";
    static final String KEEPALIVE = "10 08 00 00";
    static final String KEEPALIVE_FROM_PHONE = "10 08 00 00 00 00";
    static final String ERROR = "10 09 00 00  05  0a 62 61 64 20 73 65 63 72 65 74";
    static final String ACK = "10 0a 12 34";
    static final String CHALLENGE = "10 0c 00 00  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
        + "  f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff  10  01"
        + "  20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f";
    static final String LOGIN = "10 0d 00 05  03 aa bb cc  02";
    static final String CLAIM = "10 0e 00 06  02 01 01";
    static final String RELEASE = "10 0f 00 07  01 02";
    static final String BLOCKLIST = "10 10 00 08  00 03 03 01 00";
    static final String LINKS = "10 40 00 09  02 40 01";
    static final String LINK_CHECK = "10 41 00 0a  01 41";
    static final String RESULT = "10 11 00 09  0e 01  02 06 01  00";
    static final String RESULT_REFUSED = "10 11 00 0a  0e 07  00  0b 6c 6f 77 20 64 69 66 66 69 63 75";

    static final String[] GOLDEN = {REGISTER, REGISTERED, INVITE, INVITE_FROM_PHONE, INVITE_SIGNED, INVITE_WITH_RECORD, RINGING, ANSWER,
        ANSWER_WITH_RECORD,
        REJECT, BYE, KEEPALIVE, ERROR, ACK, CHALLENGE, LOGIN, CLAIM, RELEASE, BLOCKLIST, RESULT, RESULT_REFUSED,
        VoicemailFramesTest.VM_ANSWER, VoicemailFramesTest.VM_WAITING, VoicemailFramesTest.VM_LIST,
        VoicemailFramesTest.VM_LISTING, VoicemailFramesTest.VM_FETCH, VoicemailFramesTest.VM_AUDIO,
        VoicemailFramesTest.VM_DELETE, VoicemailFramesTest.VM_SETTINGS, ReplicaFramesTest.VM_COPY,
        ReplicaFramesTest.VM_PULL, GreetingFramesTest.VM_GREETING, GreetingFramesTest.VM_GREETING_DELETE, LINKS,
        LINK_CHECK, SipPasswordFrameTest.SET, SipPasswordFrameTest.ASK, SipPasswordFrameTest.CLEAR};

    private static <F extends Frame> F roundTrip(Frame f, String golden, Class<F> type) throws ProtocolException {
        byte[] expected = Hex.bytes(golden);
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        byte[] out = new byte[expected.length + 7];
        assertEquals(expected.length, FrameCodec.encode(f, out, 7));
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 7, out.length));
        Frame decoded = FrameCodec.decode(out, 7, expected.length);
        assertEquals(f.type, decoded.type);
        assertEquals(f.messageId, decoded.messageId);
        assertEquals(f.toString(), decoded.toString());
        return assertInstanceOf(type, decoded);
    }

    @Test
    void register() throws Exception {
        Register f = new Register("96512345", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0x03);
        f.messageId = 1;
        Register d = roundTrip(f, REGISTER, Register.class);
        assertEquals("96512345", d.number);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, d.secret);
        assertEquals(3, d.codecMask);
        assertTrue(d.isReliable());
        assertEquals("REGISTER #1 number=96512345 secret=8B codecs=PCMU+GSM", d.toString());
    }

    @Test
    void registered() throws Exception {
        Registered f = new Registered("96512345", 25, 1764086720L);
        f.messageId = 0x0102;
        Registered d = roundTrip(f, REGISTERED, Registered.class);
        assertEquals("96512345", d.number);
        assertEquals(25, d.keepaliveSeconds);
        assertEquals(1764086720L, d.relayTime);
        assertEquals("REGISTERED #258 number=96512345 keepalive=25s time=1764086720", d.toString());
    }

    @Test
    void registeredWithoutTime() throws Exception {
        Registered f = new Registered("96512345", 25);
        f.messageId = 0x0102;
        Registered d = roundTrip(f, REGISTERED_WITHOUT_TIME, Registered.class);
        assertEquals(0, d.relayTime);
        assertEquals("REGISTERED #258 number=96512345 keepalive=25s", d.toString());
        Registered late = roundTrip(new Registered("1", 25, 0xFFFFFFFFL), "10 02 00 00  01 1f  00 19  ff ff ff ff",
            Registered.class);
        assertEquals(0xFFFFFFFFL, late.relayTime, "u32: read unsigned");
    }

    @Test
    void invite() throws Exception {
        Invite f = new Invite(0xCAFEBABE, "12345678", "96512345", 1 << Wire.CODEC_GSM, 100, 0x1234);
        f.messageId = 7;
        Invite d = roundTrip(f, INVITE, Invite.class);
        assertEquals(0xCAFEBABE, d.callId);
        assertEquals("12345678", d.caller);
        assertEquals("96512345", d.callee);
        assertEquals(2, d.codecMask);
        assertEquals(100, d.ptimeMs);
        assertEquals(0x1234, d.channel);
        assertEquals(0, d.proof().length);
        assertEquals(0, d.keyShare().length);
        assertEquals(0, d.record().length);
        assertEquals(25, FrameCodec.encode(d).length, "INVITE between two 8-digit numbers, nothing signed");
        assertEquals("INVITE #7 call=cafebabe caller=12345678 callee=96512345 codecs=GSM ptime=100 ch=4660",
            d.toString());
    }

    @Test
    void inviteWithCallerProofAndKeyShare() throws Exception {
        Invite f = new Invite(43, "12", "123", 1 << Wire.CODEC_GSM, 100, 0, new byte[] {(byte) 0xAA, (byte) 0xBB,
            (byte) 0xCC}, new byte[] {(byte) 0xDD, (byte) 0xEE});
        f.messageId = 11;
        Invite d = roundTrip(f, INVITE_SIGNED, Invite.class);
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC}, d.proof());
        assertArrayEquals(new byte[] {(byte) 0xDD, (byte) 0xEE}, d.keyShare());

        Invite relayed = d.withRelayFields("12", 9);
        assertEquals(9, relayed.channel);
        assertArrayEquals(d.proof(), relayed.proof(), "the relay passes the proof on unchanged");
        assertArrayEquals(d.keyShare(), relayed.keyShare(), "the relay passes the key share on unchanged");
        assertEquals("INVITE #11 call=0000002b caller=12 callee=123 codecs=GSM ptime=100 ch=9 proof=3B keyshare=2B",
            relayed.toString());
        assertEquals(0, relayed.recordLength(), "a phone sends no record");
    }

    @Test
    void inviteWithTheCallersRecord() throws Exception {
        Invite signed = new Invite(43, "12", "123", 1 << Wire.CODEC_GSM, 100, 0, new byte[] {(byte) 0xAA,
            (byte) 0xBB, (byte) 0xCC}, new byte[] {(byte) 0xDD, (byte) 0xEE});
        Invite f = signed.withRelayFields("12", 9).withRecord(new byte[] {0x51, 0x52});
        f.messageId = 12;
        Invite d = roundTrip(f, INVITE_WITH_RECORD, Invite.class);
        assertArrayEquals(new byte[] {0x51, 0x52}, d.record());
        assertArrayEquals(signed.proof(), d.proof());
        assertArrayEquals(signed.keyShare(), d.keyShare());
        assertArrayEquals(d.record(), d.withRelayFields("12", 3).record(), "the next relay passes the record on");
        assertEquals("INVITE #12 call=0000002b caller=12 callee=123 codecs=GSM ptime=100 ch=9 proof=3B keyshare=2B"
            + " record=2B", d.toString());
    }

    @Test
    void inviteAsSentByAPhoneAndForwardedByTheRelay() throws Exception {
        Invite f = new Invite(42, "", "123", 0x03, 40, 0);
        f.messageId = 0xFFFE;
        Invite d = roundTrip(f, INVITE_FROM_PHONE, Invite.class);
        assertEquals("", d.caller);
        assertEquals("123", d.callee);
        assertEquals(0, d.channel);

        Invite relayed = d.withRelayFields("+4930123", 77);
        assertEquals("+4930123", relayed.caller);
        assertEquals(77, relayed.channel);
        assertEquals(42, relayed.callId);
        assertEquals("123", relayed.callee);
        assertEquals(3, relayed.codecMask);
        assertEquals(40, relayed.ptimeMs);
        assertEquals(0xFFFE, relayed.messageId);
        assertEquals("", d.caller, "the original is unchanged");
    }

    @Test
    void ringing() throws Exception {
        Ringing f = new Ringing(42);
        f.messageId = 0xFFFF;
        assertEquals(42, roundTrip(f, RINGING, Ringing.class).callId);
        assertEquals("RINGING #65535 call=0000002a", f.toString());
    }

    @Test
    void answer() throws Exception {
        Answer f = new Answer(0x01020304, Wire.CODEC_GSM, 100, VoicePacket.MAX_CHANNEL,
            new byte[] {(byte) 0xAB, (byte) 0xCD});
        f.messageId = 3;
        Answer d = roundTrip(f, ANSWER, Answer.class);
        assertEquals(0x01020304, d.callId);
        assertEquals(Wire.CODEC_GSM, d.codec);
        assertEquals(100, d.ptimeMs);
        assertEquals(32767, d.channel);
        assertArrayEquals(new byte[] {(byte) 0xAB, (byte) 0xCD}, d.keyShare());
        assertEquals("ANSWER #3 call=01020304 codec=GSM ptime=100 ch=32767 keyshare=2B", d.toString());
        assertArrayEquals(d.keyShare(), d.withChannel(1).keyShare(), "the relay passes the key share on unchanged");

        Answer relayed = new Answer(9, Wire.CODEC_PCMU, 20, 0).withChannel(5);
        assertEquals(9, relayed.callId);
        assertEquals(Wire.CODEC_PCMU, relayed.codec);
        assertEquals(20, relayed.ptimeMs);
        assertEquals(5, relayed.channel);
    }

    @Test
    void answerWithTheCalleesRecord() throws Exception {
        Answer f = new Answer(0x01020304, Wire.CODEC_GSM, 100, 0, new byte[] {(byte) 0xAB, (byte) 0xCD})
            .withRecord(new byte[] {0x61, 0x62, 0x63}).withChannel(5);
        f.messageId = 4;
        Answer d = roundTrip(f, ANSWER_WITH_RECORD, Answer.class);
        assertArrayEquals(new byte[] {0x61, 0x62, 0x63}, d.record());
        assertArrayEquals(new byte[] {(byte) 0xAB, (byte) 0xCD}, d.keyShare());
        assertEquals("ANSWER #4 call=01020304 codec=GSM ptime=100 ch=5 keyshare=2B record=3B", d.toString());
        assertEquals(0, new Answer(1, 1, 100, 0).recordLength(), "a phone sends no record");
    }

    @Test
    void reject() throws Exception {
        Reject f = new Reject(5, Wire.REJECT_BUSY);
        f.messageId = 9;
        Reject d = roundTrip(f, REJECT, Reject.class);
        assertEquals(5, d.callId);
        assertEquals(Wire.REJECT_BUSY, d.reason);
        assertEquals("REJECT #9 call=00000005 reason=BUSY", d.toString());
    }

    @Test
    void bye() throws Exception {
        Bye f = new Bye(0x80000000, Wire.BYE_MEDIA_TIMEOUT);
        f.messageId = 10;
        Bye d = roundTrip(f, BYE, Bye.class);
        assertEquals(0x80000000, d.callId);
        assertEquals(Wire.BYE_MEDIA_TIMEOUT, d.reason);
        assertEquals("BYE #10 call=80000000 reason=MEDIA_TIMEOUT", d.toString());
    }

    @Test
    void keepalive() throws Exception {
        Keepalive d = roundTrip(new Keepalive(), KEEPALIVE, Keepalive.class);
        assertFalse(d.isReliable());
        assertEquals("KEEPALIVE", d.toString());
        Keepalive padded = new Keepalive(Keepalive.PHONE_PADDING);
        assertEquals(KEEPALIVE_FROM_PHONE, Hex.of(FrameCodec.encode(padded)));
        assertEquals("KEEPALIVE padding=2", padded.toString());
        byte[] fromPhone = Hex.bytes(KEEPALIVE_FROM_PHONE);
        assertEquals(0, ((Keepalive) FrameCodec.decode(fromPhone, 0, fromPhone.length)).padding, "read like any "
            + "frame's trailing bytes");
        assertEquals(FrameCodec.encode(new ErrorFrame(Wire.ERR_NOT_REGISTERED, "")).length, fromPhone.length,
            "a phone's KEEPALIVE leaves room for ERROR NOT_REGISTERED");
    }

    @Test
    void error() throws Exception {
        ErrorFrame d = roundTrip(new ErrorFrame(Wire.ERR_AUTH_FAILED, "bad secret"), ERROR, ErrorFrame.class);
        assertEquals(Wire.ERR_AUTH_FAILED, d.code);
        assertEquals("bad secret", d.detail);
        assertFalse(d.isReliable());
        assertEquals("ERROR AUTH_FAILED \"bad secret\"", d.toString());
    }

    @Test
    void errorWithEmptyDetail() throws Exception {
        ErrorFrame d = roundTrip(new ErrorFrame(Wire.ERR_MALFORMED, null), "10 09 00 00 01 00", ErrorFrame.class);
        assertEquals("", d.detail);
        assertEquals("ERROR MALFORMED", d.toString());
    }

    @Test
    void errorDetailIsCutAndMadePrintable() throws Exception {
        ErrorFrame f = new ErrorFrame(Wire.ERR_BAD_NUMBER, "a\nb\u00e9" + "x".repeat(300));
        assertEquals(255, f.detail.length());
        assertTrue(f.detail.startsWith("a?b?xxx"));
        byte[] bytes = FrameCodec.encode(f);
        assertEquals(4 + 2 + 255, bytes.length);
        assertEquals(f.detail, ((ErrorFrame) FrameCodec.decode(bytes, 0, bytes.length)).detail);
    }

    @Test
    void ack() throws Exception {
        Ack d = roundTrip(new Ack(0x1234), ACK, Ack.class);
        assertEquals(0x1234, d.ackedMessageId);
        assertEquals(0x1234, d.messageId);
        assertFalse(d.isReliable());
        assertEquals("ACK #4660", d.toString());
    }

    @Test
    void unknownTypeDecodesToUnknownFrame() throws Exception {
        byte[] bytes = Hex.bytes("10 4f 00 09  01 02 03");
        UnknownFrame d = assertInstanceOf(UnknownFrame.class, FrameCodec.decode(bytes, 0, bytes.length));
        assertEquals(0x4f, d.type);
        assertEquals(9, d.messageId);
        assertEquals(3, d.skippedBytes);
        assertTrue(d.isReliable());
        assertEquals("UNKNOWN(79) #9 body=3B", d.toString());
    }

    @Test
    void everyGoldenFrameIsReadBackIdenticallyWithTrailingBytes() throws Exception {
        for (String golden : GOLDEN) {
            byte[] bytes = Hex.bytes(golden);
            byte[] longer = Hex.concat(bytes, Hex.bytes("ff 00 7e 01"));
            Frame plain = FrameCodec.decode(bytes, 0, bytes.length);
            Frame extended = FrameCodec.decode(longer, 0, longer.length);
            assertEquals(plain.toString(), extended.toString(), golden);
            assertEquals(Hex.of(bytes), Hex.of(FrameCodec.encode(extended)), golden);
        }
    }

    @Test
    void reservedBitsAreIgnored() throws Exception {
        for (String golden : GOLDEN) {
            byte[] bytes = Hex.bytes(golden);
            String expected = FrameCodec.decode(bytes, 0, bytes.length).toString();
            bytes[0] |= 0x0F;
            assertEquals(expected, FrameCodec.decode(bytes, 0, bytes.length).toString(), golden);
        }
    }
}
