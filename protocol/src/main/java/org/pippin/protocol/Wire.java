package org.pippin.protocol;

/**
 * Constants of the Pippin wire protocol v1 (PROTOCOL.md) and the names used for them in logs.
 *
 * <pre>
 *  voice:       1ccc cccc  cccc cccc  ssss ssss  ssss ssss  | codec frames ...
 *  signalling:  0vvv rrrr  tttt tttt  mmmm mmmm  mmmm mmmm  | body ...
 * </pre>
 */
public final class Wire {
    public static final int VERSION = 1;
    /** Bytes in the header of both voice packets and signalling frames. */
    public static final int HEADER = 4;
    /** Largest frame (voice or signalling) in bytes, without the TCP length prefix. */
    public static final int MAX_FRAME = 1024;

    public static final int REGISTER = 0x01;
    public static final int REGISTERED = 0x02;
    public static final int INVITE = 0x03;
    public static final int RINGING = 0x04;
    public static final int ANSWER = 0x05;
    public static final int REJECT = 0x06;
    public static final int BYE = 0x07;
    public static final int KEEPALIVE = 0x08;
    public static final int ERROR = 0x09;
    public static final int ACK = 0x0A;
    public static final int HELLO = 0x0B;
    public static final int CHALLENGE = 0x0C;
    public static final int LOGIN = 0x0D;
    public static final int CLAIM = 0x0E;
    public static final int RELEASE = 0x0F;
    public static final int BLOCKLIST = 0x10;
    public static final int RESULT = 0x11;
    /** Relay-to-relay link (0x20..0x22) and the full relay's redirect (0x23). */
    public static final int PEER_HELLO = 0x20;
    public static final int PEER_CHALLENGE = 0x21;
    public static final int PEER_LOGIN = 0x22;
    public static final int REDIRECT = 0x23;
    /** The network's relays for a phone's fallback: request (0x24) and answer (0x25). */
    public static final int RELAYS = 0x24;
    public static final int RELAY_LIST = 0x25;
    /** Relay choice: a phone times the round trip to a relay and learns its room, before attaching (0x26, 0x27). */
    public static final int PROBE = 0x26;
    public static final int PROBE_REPLY = 0x27;
    /** Voicemail (0x30-0x3F): the relay answers for an absent phone, keeps its messages and serves them. */
    public static final int VM_ANSWER = 0x30;
    public static final int VM_WAITING = 0x31;
    public static final int VM_LIST = 0x32;
    public static final int VM_LISTING = 0x33;
    public static final int VM_FETCH = 0x34;
    public static final int VM_AUDIO = 0x35;
    public static final int VM_DELETE = 0x36;
    public static final int VM_SETTINGS = 0x37;
    /** Voicemail between relays (0x38-0x39): a message file in chunks, and the request for one. */
    public static final int VM_COPY = 0x38;
    public static final int VM_PULL = 0x39;
    /** The owner's own greetings (0x3A-0x3B): one uploaded in chunks, and its deletion. */
    public static final int VM_GREETING = 0x3A;
    public static final int VM_GREETING_DELETE = 0x3B;
    /** Greeting kinds: played when a call goes to voicemail unanswered or unreachable, or because the phone is busy. */
    public static final int GREETING_UNAVAILABLE = 0;
    public static final int GREETING_BUSY = 1;
    /** Longest owner's greeting: 30 s (1500 codec frames of 20 ms). */
    public static final int GREETING_MAX_FRAMES = 1500;
    /**
     * Linked numbers (0x40-0x4F): the owner's LINKED_NUMBERS record (0x40) and a LINK_CHECK record (0x41) that asks
     * for a verification call or returns its code; each answered by one RESULT.
     */
    public static final int LINKS = 0x40;
    public static final int LINK_CHECK = 0x41;
    /** The owner sets or clears the SIP password (its HA1) of one of its numbers on this relay (0x42). */
    public static final int SIP_PASSWORD = 0x42;
    /** A key pressed during a call (0x50), carried to the other leg; on a SIP leg it is an RFC 4733 event. */
    public static final int DTMF = 0x50;

    public static final int REJECT_UNAVAILABLE = 1;
    public static final int REJECT_BUSY = 2;
    public static final int REJECT_DECLINED = 3;
    public static final int REJECT_NO_ANSWER = 4;
    public static final int REJECT_NOT_IN_SERVICE = 5;
    public static final int REJECT_INCOMPATIBLE = 6;
    public static final int REJECT_RELAY_FULL = 7;
    public static final int REJECT_NOT_ALLOWED = 8;
    /** The INVITE's CALLER_ID proof is missing, forged, stale, replayed or for a number the caller is not logged in. */
    public static final int REJECT_CALLER_ID_INVALID = 9;
    /** The callee refuses anonymous callers: call again showing your number. */
    public static final int REJECT_ANONYMOUS_REFUSED = 10;
    /** A KEY_SHARE (the caller's in INVITE or the callee's in ANSWER) is malformed or not signed for this call. */
    public static final int REJECT_KEY_SHARE_INVALID = 11;
    /** The caller's address or session sent too many INVITEs lately: call again a little later. */
    public static final int REJECT_RATE_LIMITED = 24;

    public static final int BYE_NORMAL = 0;
    public static final int BYE_CANCELLED = 1;
    public static final int BYE_MEDIA_TIMEOUT = 2;
    public static final int BYE_PEER_LOST = 3;
    public static final int BYE_RELAY_SHUTDOWN = 4;

    public static final int ERR_MALFORMED = 1;
    public static final int ERR_UNSUPPORTED_VERSION = 2;
    public static final int ERR_TOO_LARGE = 3;
    public static final int ERR_NOT_REGISTERED = 4;
    public static final int ERR_AUTH_FAILED = 5;
    public static final int ERR_BAD_NUMBER = 6;
    public static final int ERR_UNKNOWN_CALL = 7;
    public static final int ERR_LIMIT_REACHED = 8;
    public static final int ERR_CALL_ID_IN_USE = 9;
    public static final int ERR_REGION_REFUSED = 10;
    public static final int ERR_NOT_IN_SERVICE = 11;
    public static final int ERR_UNAVAILABLE = 12;
    /** HELLO, LOGIN or REGISTER: this address sent too many lately; the detail says when to try again. */
    public static final int ERR_RATE_LIMITED = 24;

    /** RESULT outcomes: what the registrar decided about a CLAIM, RELEASE or BLOCKLIST. */
    public static final int RESULT_GRANTED = 1;
    public static final int RESULT_TAKEN = 2;
    public static final int RESULT_QUARANTINED = 3;
    public static final int RESULT_RESERVED = 4;
    public static final int RESULT_NOT_IN_PLAN = 5;
    public static final int RESULT_BAD_SIGNATURE = 6;
    public static final int RESULT_TOO_LITTLE_WORK = 7;
    public static final int RESULT_MALFORMED = 8;
    public static final int RESULT_TOO_LARGE = 9;
    public static final int RESULT_NOT_OWNER = 10;
    public static final int RESULT_STALE = 11;
    public static final int RESULT_NO_FREE_NUMBER = 12;
    public static final int RESULT_OK = 13;
    public static final int RESULT_REPLAYED = 14;
    public static final int RESULT_UNAVAILABLE = 15;
    /** CLAIM: this address or key has made too many claims lately; the detail says when to try again. */
    public static final int RESULT_RATE_LIMITED = 16;
    /** VM_FETCH, VM_DELETE: no message with that id belongs to this phone's numbers (any more). */
    public static final int RESULT_NO_SUCH_MESSAGE = 28;
    /** VM_SETTINGS: this relay keeps no voicemail (voicemail.enabled=false). */
    public static final int RESULT_NO_VOICEMAIL = 29;
    /** VM_COPY: the receiving relay keeps no more messages for that owner (voicemail.messages.per.owner). */
    public static final int RESULT_MAILBOX_FULL = 30;
    /** LINK_CHECK: the code is not the one the verification call showed; attempts are left. */
    public static final int RESULT_LINK_CODE_WRONG = 34;
    /** LINK_CHECK: no verification call is waiting for a code (none asked, expired, or used up). */
    public static final int RESULT_LINK_NO_CODE = 35;
    /** LINK_CHECK: too many wrong codes or calls for this number lately; ask again later. */
    public static final int RESULT_LINK_TOO_MANY = 36;
    /** LINKS, LINK_CHECK: an external number the dial plan does not allow; nothing is called. */
    public static final int RESULT_LINK_NOT_ALLOWED = 37;
    /** LINK_CHECK: this relay has no SIP trunk to call the number through. */
    public static final int RESULT_LINK_NO_TRUNK = 38;
    /**
     * SIP_PASSWORD: the relay's SIP realm is the detail; the answer to ASK, and to a SET for another realm (nothing
     * stored: HA1 binds the realm).
     */
    public static final int RESULT_SIP_REALM = 39;

    public static final int CODEC_PCMU = 0;
    public static final int CODEC_GSM = 1;
    /** Speex narrowband 5.95 kbit/s (sub-mode 2), 15 bytes per 20 ms: the low-bandwidth codec. */
    public static final int CODEC_SPEEX = 2;
    /** Duration of one codec frame of every codec, in ms. */
    public static final int CODEC_FRAME_MS = 20;
    public static final int DEFAULT_CODEC = CODEC_GSM;
    public static final int DEFAULT_PTIME = 100;
    public static final int DEFAULT_KEEPALIVE_SECONDS = 25;

    /** Longest phone number, in digits. */
    public static final int MAX_NUMBER_DIGITS = 20;
    /**
     * Shortest and longest REGISTER secret, in bytes. At 8 or more, the ACK and REGISTERED that answer a REGISTER are
     * never larger than it, so a relay can answer an address that has not yet proved itself.
     */
    public static final int MIN_SECRET = 8;
    public static final int MAX_SECRET = 32;
    /** Longest {@code text} or {@code bytes} field. */
    public static final int MAX_TEXT = 255;
    /**
     * Bytes of the authentication tag after the codec frames of a sealed voice packet: one whose call's INVITE and
     * ANSWER both carried a key share, so the phones encrypt voice end to end.
     */
    public static final int VOICE_TAG = 4;
    /** An absent optional {@code bytes} field. */
    static final byte[] EMPTY = new byte[0];
    /** Bytes of the HELLO client nonce, the CHALLENGE nonce and each registrar public key in CHALLENGE. */
    public static final int NONCE_SIZE = 16;
    public static final int KEY_SIZE = 32;
    /** Most registrar keys in one CHALLENGE: a registrar group has at most 7 members. */
    public static final int MAX_REGISTRAR_KEYS = 7;

    /** Reliability over UDP: first retransmission after this many ms, then doubling up to RETRY_MAX_MS. */
    public static final int RETRY_FIRST_MS = 1000;
    public static final int RETRY_MAX_MS = 8000;
    /** Sends of a reliable frame in all (about 31 s) before it is reported undelivered. */
    public static final int MAX_SENDS = 6;
    /** Received message ids a receiver remembers per peer to suppress duplicates. */
    public static final int DUPLICATE_WINDOW = 64;
    /** Reliable frames a sender keeps unacknowledged per peer, and the most ids its oldest one may lag behind. */
    public static final int MAX_PENDING = 32;

    /** First byte of a version 1 signalling frame: version in bits 6..4, reserved bits 0. */
    static final int SIGNALLING_BYTE0 = VERSION << 4;

    private static final String[] TYPE_NAMES = {null, "REGISTER", "REGISTERED", "INVITE", "RINGING", "ANSWER",
        "REJECT", "BYE", "KEEPALIVE", "ERROR", "ACK", "HELLO", "CHALLENGE", "LOGIN", "CLAIM", "RELEASE", "BLOCKLIST",
        "RESULT"};
    /** Names of the types from {@link #PEER_HELLO} on, kept apart so each range of types has its own table. */
    private static final String[] PEER_TYPE_NAMES = {"PEER_HELLO", "PEER_CHALLENGE", "PEER_LOGIN", "REDIRECT",
        "RELAYS", "RELAY_LIST", "PROBE", "PROBE_REPLY"};
    private static final String[] VM_TYPE_NAMES = {"VM_ANSWER", "VM_WAITING", "VM_LIST", "VM_LISTING", "VM_FETCH",
        "VM_AUDIO", "VM_DELETE", "VM_SETTINGS", "VM_COPY", "VM_PULL", "VM_GREETING", "VM_GREETING_DELETE"};
    private static final String[] LINK_TYPE_NAMES = {"LINKS", "LINK_CHECK", "SIP_PASSWORD"};
    private static final String[] LINK_RESULT_NAMES = {"LINK_CODE_WRONG", "LINK_NO_CODE", "LINK_TOO_MANY",
        "LINK_NOT_ALLOWED", "LINK_NO_TRUNK", "SIP_REALM"};
    private static final String[] REJECT_NAMES = {null, "UNAVAILABLE", "BUSY", "DECLINED", "NO_ANSWER",
        "NOT_IN_SERVICE", "INCOMPATIBLE", "RELAY_FULL", "NOT_ALLOWED", "CALLER_ID_INVALID", "ANONYMOUS_REFUSED",
        "KEY_SHARE_INVALID"};
    private static final String[] BYE_NAMES = {"NORMAL", "CANCELLED", "MEDIA_TIMEOUT", "PEER_LOST", "RELAY_SHUTDOWN"};
    private static final String[] ERROR_NAMES = {null, "MALFORMED", "UNSUPPORTED_VERSION", "TOO_LARGE",
        "NOT_REGISTERED", "AUTH_FAILED", "BAD_NUMBER", "UNKNOWN_CALL", "LIMIT_REACHED", "CALL_ID_IN_USE",
        "REGION_REFUSED", "NOT_IN_SERVICE", "UNAVAILABLE"};
    private static final String[] RESULT_NAMES = {null, "GRANTED", "TAKEN", "QUARANTINED", "RESERVED", "NOT_IN_PLAN",
        "BAD_SIGNATURE", "TOO_LITTLE_WORK", "MALFORMED", "TOO_LARGE", "NOT_OWNER", "STALE", "NO_FREE_NUMBER", "OK",
        "REPLAYED", "UNAVAILABLE", "RATE_LIMITED"};
    private static final String[] CODEC_NAMES = {"PCMU", "GSM", "SPEEX"};
    private static final int[] CODEC_FRAME_BYTES = {160, 33, 15};

    private Wire() {
    }

    /** Bytes of one 20 ms frame of {@code codec}, or -1 for an unknown codec. */
    public static int codecFrameBytes(int codec) {
        return codec >= 0 && codec < CODEC_FRAME_BYTES.length ? CODEC_FRAME_BYTES[codec] : -1;
    }

    /** Whether {@code ms} is a packetization the protocol allows: 20, 40, 60, 80 or 100. */
    public static boolean isValidPtime(int ms) {
        return ms >= CODEC_FRAME_MS && ms <= 100 && ms % CODEC_FRAME_MS == 0;
    }

    public static String typeName(int type) {
        if (type >= PEER_HELLO && type < PEER_HELLO + PEER_TYPE_NAMES.length) {
            return PEER_TYPE_NAMES[type - PEER_HELLO];
        }
        if (type >= VM_ANSWER && type < VM_ANSWER + VM_TYPE_NAMES.length) {
            return VM_TYPE_NAMES[type - VM_ANSWER];
        }
        if (type >= LINKS && type < LINKS + LINK_TYPE_NAMES.length) {
            return LINK_TYPE_NAMES[type - LINKS];
        }
        if (type == DTMF) {
            return "DTMF";
        }
        return name(TYPE_NAMES, type);
    }

    public static String rejectName(int reason) {
        if (reason == REJECT_RATE_LIMITED) {
            return "RATE_LIMITED";
        }
        return name(REJECT_NAMES, reason);
    }

    public static String byeName(int reason) {
        return name(BYE_NAMES, reason);
    }

    public static String errorName(int code) {
        if (code == ERR_RATE_LIMITED) {
            return "RATE_LIMITED";
        }
        return name(ERROR_NAMES, code);
    }

    public static String resultName(int outcome) {
        if (outcome == RESULT_NO_SUCH_MESSAGE) {
            return "NO_SUCH_MESSAGE";
        }
        if (outcome == RESULT_NO_VOICEMAIL) {
            return "NO_VOICEMAIL";
        }
        if (outcome == RESULT_MAILBOX_FULL) {
            return "MAILBOX_FULL";
        }
        if (outcome >= RESULT_LINK_CODE_WRONG && outcome < RESULT_LINK_CODE_WRONG + LINK_RESULT_NAMES.length) {
            return LINK_RESULT_NAMES[outcome - RESULT_LINK_CODE_WRONG];
        }
        return name(RESULT_NAMES, outcome);
    }

    /** {@code "UNAVAILABLE"} or {@code "BUSY"}: a greeting kind. */
    public static String greetingName(int kind) {
        return kind == GREETING_BUSY ? "BUSY" : kind == GREETING_UNAVAILABLE ? "UNAVAILABLE" : "UNKNOWN(" + kind + ")";
    }

    public static String codecName(int codec) {
        return name(CODEC_NAMES, codec);
    }

    /** The codecs of a codec mask, e.g. {@code "PCMU+GSM"}; {@code "none"} for 0. */
    public static String codecMaskName(int mask) {
        if (mask == 0) {
            return "none";
        }
        StringBuffer sb = new StringBuffer();
        for (int id = 0; id < 32; id++) {
            if ((mask & (1 << id)) != 0) {
                if (sb.length() > 0) {
                    sb.append('+');
                }
                sb.append(codecName(id));
            }
        }
        return sb.toString();
    }

    /** A call id as 8 lower-case hex digits, the form used in logs and events. */
    public static String callIdHex(int callId) {
        String hex = Integer.toHexString(callId);
        return "00000000".substring(hex.length()) + hex;
    }

    /** A voicemail message id as 16 lower-case hex digits, the form used in logs and file names. */
    public static String messageIdHex(long id) {
        String hi = callIdHex((int) (id >>> 32));
        return hi + callIdHex((int) id);
    }

    /**
     * One readable line describing a frame, voice or signalling, for logs. Never throws: bytes that are no valid frame
     * are described with the reason and their first bytes in hex.
     */
    public static String frameLog(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return "no frame (bad buffer bounds)";
        }
        if (len >= 1 && VoicePacket.isVoice(buf, off)) {
            if (len < VoicePacket.HEADER) {
                return "voice truncated (" + len + " bytes) " + hex(buf, off, len);
            }
            return "voice ch=" + VoicePacket.channel(buf, off) + " seq=" + VoicePacket.sequence(buf, off)
                + " payload=" + (len - VoicePacket.HEADER);
        }
        try {
            return FrameCodec.decode(buf, off, len).toString();
        } catch (ProtocolException e) {
            return "bad frame (" + len + " bytes) " + errorName(e.code()) + ": " + e.getMessage() + " ["
                + hex(buf, off, len) + "]";
        }
    }

    private static String name(String[] names, int value) {
        if (value >= 0 && value < names.length && names[value] != null) {
            return names[value];
        }
        return "UNKNOWN(" + value + ")";
    }

    /** Up to the first 16 bytes in hex, then "..." if there are more. */
    static String hex(byte[] buf, int off, int len) {
        final String digits = "0123456789abcdef";
        int shown = len < 16 ? len : 16;
        StringBuffer sb = new StringBuffer(shown * 3 + 3);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            int b = buf[off + i] & 0xFF;
            sb.append(digits.charAt(b >> 4)).append(digits.charAt(b & 0xF));
        }
        if (len > shown) {
            sb.append(" ...");
        }
        return sb.toString();
    }
}
