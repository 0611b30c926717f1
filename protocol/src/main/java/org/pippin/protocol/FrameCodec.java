package org.pippin.protocol;

/**
 * Encodes and decodes signalling frames (PROTOCOL.md, "Signalling frame"). Voice packets are read in place with
 * {@link VoicePacket}. Stateless.
 */
public final class FrameCodec {
    private FrameCodec() {
    }

    /**
     * Writes {@code f} at {@code out[off]} and returns the bytes written.
     *
     * @throws IllegalArgumentException if the message id is not 0..65535, the frame is an {@link UnknownFrame}, or it
     *         does not fit in {@code out}
     */
    public static int encode(Frame f, byte[] out, int off) {
        int len = Wire.HEADER + f.bodyLength();
        Frame.checkU16(f.messageId, "message id");
        if (off < 0 || off > out.length - len) {
            throw new IllegalArgumentException(Wire.typeName(f.type) + " needs " + len + " bytes at " + off
                + ", buffer has " + out.length);
        }
        out[off] = (byte) Wire.SIGNALLING_BYTE0;
        out[off + 1] = (byte) f.type;
        out[off + 2] = (byte) (f.messageId >> 8);
        out[off + 3] = (byte) f.messageId;
        f.writeBody(new Writer(out, off + Wire.HEADER));
        return len;
    }

    /** {@code f} encoded in a new array of exactly its length. */
    public static byte[] encode(Frame f) {
        byte[] out = new byte[Wire.HEADER + f.bodyLength()];
        encode(f, out, 0);
        return out;
    }

    /**
     * Decodes the signalling frame in {@code buf[off..off+len)}. Bytes after the last known field are ignored (later
     * versions append fields); a type this version does not know gives an {@link UnknownFrame}.
     *
     * @throws ProtocolException {@code ERR_TOO_LARGE} above {@link Wire#MAX_FRAME}, {@code ERR_UNSUPPORTED_VERSION}
     *         for another version, {@code ERR_MALFORMED} for anything else that is not a valid frame (a voice packet
     *         too)
     */
    public static Frame decode(byte[] buf, int off, int len) throws ProtocolException {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("bad bounds off=" + off + " len=" + len + " in " + buf.length);
        }
        if (len > Wire.MAX_FRAME) {
            throw new ProtocolException(Wire.ERR_TOO_LARGE, "frame of " + len + " bytes exceeds " + Wire.MAX_FRAME);
        }
        if (len < Wire.HEADER) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "frame of " + len + " bytes is shorter than the header");
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 & 0x80) != 0) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "voice packet where a signalling frame was expected");
        }
        int version = b0 >> 4;
        if (version != Wire.VERSION) {
            throw new ProtocolException(Wire.ERR_UNSUPPORTED_VERSION, "version " + version + ", expected "
                + Wire.VERSION);
        }
        int type = buf[off + 1] & 0xFF;
        int messageId = (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF;
        Frame f = body(type, messageId, new Reader(buf, off + Wire.HEADER, off + len, Wire.typeName(type)), len - Wire.HEADER);
        f.messageId = messageId;
        return f;
    }

    private static Frame body(int type, int messageId, Reader r, int bodyLen) throws ProtocolException {
        switch (type) {
            case Wire.REGISTER:
                return Register.read(r);
            case Wire.REGISTERED:
                return Registered.read(r);
            case Wire.INVITE:
                return Invite.read(r);
            case Wire.RINGING:
                return Ringing.read(r);
            case Wire.ANSWER:
                return Answer.read(r);
            case Wire.REJECT:
                return Reject.read(r);
            case Wire.BYE:
                return Bye.read(r);
            case Wire.KEEPALIVE:
                return new Keepalive();
            case Wire.ERROR:
                return ErrorFrame.read(r);
            case Wire.ACK:
                return new Ack(messageId);
            case Wire.HELLO:
                return Hello.read(r);
            case Wire.CHALLENGE:
                return Challenge.read(r);
            case Wire.LOGIN:
                return Login.read(r);
            case Wire.CLAIM:
            case Wire.RELEASE:
            case Wire.BLOCKLIST:
            case Wire.LINKS:
            case Wire.LINK_CHECK:
                return RecordRequest.read(type, r);
            case Wire.SIP_PASSWORD:
                return SipPassword.read(r);
            case Wire.RESULT:
                return Result.read(r);
            case Wire.PEER_HELLO:
                return PeerHello.read(r);
            case Wire.PEER_CHALLENGE:
                return PeerChallenge.read(r);
            case Wire.PEER_LOGIN:
                return PeerLogin.read(r);
            case Wire.REDIRECT:
                return Redirect.read(r);
            case Wire.RELAYS:
                return new Relays();
            case Wire.RELAY_LIST:
                return RelayList.read(r);
            case Wire.PROBE:
                return Probe.read(r);
            case Wire.PROBE_REPLY:
                return ProbeReply.read(r);
            case Wire.VM_ANSWER:
                return VmAnswer.read(r);
            case Wire.VM_WAITING:
                return VmWaiting.read(r);
            case Wire.VM_LIST:
                return VmList.read(r);
            case Wire.VM_LISTING:
                return VmListing.read(r);
            case Wire.VM_FETCH:
                return VmFetch.read(r);
            case Wire.VM_AUDIO:
                return VmAudio.read(r);
            case Wire.VM_DELETE:
                return VmDelete.read(r);
            case Wire.VM_SETTINGS:
                return VmSettings.read(r);
            case Wire.VM_COPY:
                return VmCopy.read(r);
            case Wire.VM_PULL:
                return VmPull.read(r);
            case Wire.VM_GREETING:
                return VmGreeting.read(r);
            case Wire.VM_GREETING_DELETE:
                return VmGreetingDelete.read(r);
            case Wire.DTMF:
                return Dtmf.read(r);
            default:
                return new UnknownFrame(type, bodyLen);
        }
    }
}
