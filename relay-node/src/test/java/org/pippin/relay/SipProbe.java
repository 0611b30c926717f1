package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scanner or a misconfigured phone sends: single SIP requests over UDP, written out by hand so a test controls
 * every header, with digest answers computed here (RFC 2617, qop=auth). Answers are read as text.
 */
final class SipProbe implements AutoCloseable {

    private final DatagramSocket socket;
    private final int relayPort;
    private int cseq = 1;

    SipProbe(int relayPort) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(5000);
        this.relayPort = relayPort;
    }

    /** A REGISTER for {@code user}; with {@code auth} (an Authorization header value) when not null. */
    String register(String user, String auth) throws IOException {
        String uri = "sip:127.0.0.1:" + relayPort;
        return send("REGISTER " + uri + " SIP/2.0\r\n"
                + headers("REGISTER", user, user, "reg-" + user)
                + "Contact: <sip:" + user + "@127.0.0.1:" + socket.getLocalPort() + ">\r\n"
                + "Expires: 600\r\n"
                + (auth == null ? "" : "Authorization: " + auth + "\r\n")
                + "Content-Length: 0\r\n\r\n");
    }

    /** An INVITE from {@code user} to {@code callee}; with {@code auth} (Proxy-Authorization) when not null. */
    String invite(String user, String callee, String auth) throws IOException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        return send("INVITE sip:" + callee + "@127.0.0.1:" + relayPort + " SIP/2.0\r\n"
                + headers("INVITE", user, callee, "inv-" + user + "-" + callee)
                + "Contact: <sip:" + user + "@127.0.0.1:" + socket.getLocalPort() + ">\r\n"
                + (auth == null ? "" : "Proxy-Authorization: " + auth + "\r\n")
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp);
    }

    private String headers(String method, String from, String to, String callId) {
        int n = cseq++;
        return "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK" + callId + n + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + from + "@127.0.0.1>;tag=t" + n + "\r\n"
                + "To: <sip:" + to + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + n + " " + method + "\r\n";
    }

    private String send(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), relayPort));
        byte[] buf = new byte[4096];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no SIP answer to:\n" + message, e);
            }
            String answer = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
            // Provisional answers (100 Trying) come before the one that counts.
            if (!answer.startsWith("SIP/2.0 1")) {
                return answer;
            }
        }
    }

    /** The status code of an answer. */
    static int status(String answer) {
        return Integer.parseInt(answer.substring(8, 11));
    }

    /** A header's value (first occurrence), or null. */
    static String header(String answer, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$").matcher(answer);
        return m.find() ? m.group(1) : null;
    }

    /** A parameter of a challenge, e.g. {@code nonce}. */
    static String param(String challenge, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\",]*)\"?").matcher(challenge);
        assertNotNull(challenge, "no challenge");
        return m.find() ? m.group(1) : null;
    }

    /** An Authorization value answering {@code challenge} for {@code method uri} with {@code password}. */
    static String answer(String challenge, String user, String password, String method, String uri) {
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String nc = "00000001";
        String cnonce = "c0ffee";
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\",realm=\"" + realm + "\",nonce=\"" + nonce + "\",uri=\"" + uri
                + "\",response=\"" + response + "\",algorithm=MD5,qop=auth,nc=" + nc + ",cnonce=\"" + cnonce + "\"";
    }

    String registrarUri() {
        return "sip:127.0.0.1:" + relayPort;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
