package org.pippin.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Vector;
import javax.sdp.Attribute;
import javax.sdp.Connection;
import javax.sdp.Media;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/**
 * The SIP side's SDP (RFC 4566 / 3264): one audio stream, G.711 µ-law at 20 ms and RFC 4733 telephone events.
 * Offers and answers are read with JAIN-SIP's SDP parser; ours are written from a fixed template.
 */
final class Sdp {

    /** What the SIP side needs of a peer's offer or answer. */
    static final class Audio {
        final InetSocketAddress rtp;
        final boolean pcmu;
        /** The peer's payload type for telephone-event, or -1. */
        final int eventType;

        Audio(InetSocketAddress rtp, boolean pcmu, int eventType) {
            this.rtp = rtp;
            this.pcmu = pcmu;
            this.eventType = eventType;
        }
    }

    private Sdp() {
    }

    /** Our offer: audio on {@code address:port}, PCMU and telephone-event 0-15 on {@link Rtp#PT_EVENT}. */
    static byte[] write(String address, int port, long sessionId) {
        return write(address, port, sessionId, Rtp.PT_EVENT);
    }

    /**
     * Our offer or answer: audio on {@code address:port}, PCMU, and telephone-event 0-15 on {@code eventType}. An
     * answer uses the offer's payload type for it, or leaves it out ({@code -1}) when the offer had none (RFC 3264
     * 6.1: an answer adds no formats).
     */
    static byte[] write(String address, int port, long sessionId, int eventType) {
        String ip = address.contains(":") ? "IP6" : "IP4";
        String text = "v=0\r\n"
                + "o=pippin " + sessionId + " " + sessionId + " IN " + ip + " " + address + "\r\n"
                + "s=pippin\r\n"
                + "c=IN " + ip + " " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + Rtp.PT_PCMU + (eventType >= 0 ? " " + eventType : "") + "\r\n"
                + "a=rtpmap:" + Rtp.PT_PCMU + " PCMU/8000\r\n"
                + (eventType >= 0 ? "a=rtpmap:" + eventType + " telephone-event/8000\r\n"
                        + "a=fmtp:" + eventType + " 0-15\r\n" : "")
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The first audio stream of a peer's SDP.
     *
     * @throws SdpException if the text is not SDP, has no audio stream or no connection address for it
     */
    static Audio read(byte[] body) throws SdpException {
        if (body == null || body.length == 0) {
            throw new SdpException("no SDP body");
        }
        SessionDescription d = SdpFactory.getInstance()
                .createSessionDescription(new String(body, StandardCharsets.US_ASCII));
        Vector<?> media = d.getMediaDescriptions(false);
        if (media != null) {
            for (Object o : media) {
                MediaDescription md = (MediaDescription) o;
                Media m = md.getMedia();
                if (!"audio".equalsIgnoreCase(m.getMediaType()) || m.getMediaPort() == 0) {
                    continue;
                }
                Connection c = md.getConnection() != null ? md.getConnection() : d.getConnection();
                if (c == null) {
                    throw new SdpException("audio stream without a connection address");
                }
                boolean pcmu = false;
                Vector<?> formats = m.getMediaFormats(false);
                if (formats == null) {
                    // The parser gives null, not an empty list, for an m= line that names no format.
                    throw new SdpException("audio stream without formats");
                }
                for (Object f : formats) {
                    pcmu |= String.valueOf(Rtp.PT_PCMU).equals(f);
                }
                int port = m.getMediaPort();
                if (port < 1 || port > 0xFFFF) {
                    throw new SdpException("audio port " + port + " out of range");
                }
                return new Audio(new InetSocketAddress(ipLiteral(c.getAddress()), port), pcmu, eventType(md));
            }
        }
        throw new SdpException("no audio stream");
    }

    /**
     * The connection address as an IP literal. A host name is refused, never looked up: a peer's SDP must not make
     * the relay ask DNS about names of its choosing (nor wait for the answer).
     */
    static InetAddress ipLiteral(String text) throws SdpException {
        if (text != null && text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            String[] parts = text.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    throw new SdpException("connection address " + text + " is not an IPv4 address");
                }
                b[i] = (byte) v;
            }
            try {
                return InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four bytes are an IPv4 address", e);
            }
        }
        // Text with a colon that starts with a hex digit or a colon is parsed as an IPv6 literal, never resolved.
        if (text != null && text.contains(":") && text.matches("[0-9A-Fa-f:.]{2,45}")) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new SdpException("connection address " + text + " is not an IPv6 address");
            }
        }
        throw new SdpException("connection address " + text + " is not an IP address");
    }

    private static int eventType(MediaDescription md) throws SdpException {
        Vector<?> attributes = md.getAttributes(false);
        if (attributes == null) {
            return -1;
        }
        for (Object o : attributes) {
            Attribute a = (Attribute) o;
            String v = a.getValue();
            if ("rtpmap".equals(a.getName()) && v != null && v.toLowerCase(Locale.ROOT)
                    .contains("telephone-event/8000")) {
                int type;
                try {
                    type = Integer.parseInt(v.substring(0, v.indexOf(' ')).trim());
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    throw new SdpException("bad rtpmap '" + v + "'");
                }
                // RTP carries the payload type in 7 bits: anything else could never match a packet.
                if (type < 0 || type > 127) {
                    throw new SdpException("telephone-event payload type " + type + " is outside 0..127");
                }
                return type;
            }
        }
        return -1;
    }
}
