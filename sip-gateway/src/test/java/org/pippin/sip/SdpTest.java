package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.sdp.SdpException;
import org.junit.jupiter.api.Test;

class SdpTest {

    @Test
    void ourOfferReadsBack() throws Exception {
        Sdp.Audio a = Sdp.read(Sdp.write("127.0.0.1", 40000, 7));
        assertEquals("/127.0.0.1:40000", a.rtp.toString());
        assertTrue(a.pcmu);
        assertEquals(Rtp.PT_EVENT, a.eventType);
        assertEquals(40000, Sdp.read(Sdp.write("2001:db8::7", 40000, 7)).rtp.getPort());
    }

    @Test
    void ourAnswerUsesTheOffersTelephoneEventTypeOrLeavesItOut() throws Exception {
        Sdp.Audio a = Sdp.read(Sdp.write("127.0.0.1", 40000, 7, 96));
        assertEquals(96, a.eventType);
        String text = new String(Sdp.write("127.0.0.1", 40000, 7, 96), StandardCharsets.US_ASCII);
        assertTrue(text.contains("m=audio 40000 RTP/AVP 0 96\r\n"), text);
        assertTrue(text.contains("a=fmtp:96 0-15\r\n"), text);
        Sdp.Audio none = Sdp.read(Sdp.write("127.0.0.1", 40000, 7, -1));
        assertEquals(-1, none.eventType);
        text = new String(Sdp.write("127.0.0.1", 40000, 7, -1), StandardCharsets.US_ASCII);
        assertTrue(text.contains("m=audio 40000 RTP/AVP 0\r\n") && !text.contains("telephone-event"), text);
    }

    /** Found by SdpFuzzTest: "a=rtpmap:-96 telephone-event/8000" was taken as payload type -96. */
    @Test
    void telephoneEventTypeOutsideSevenBitsIsRefused() {
        for (String type : new String[] {"-96", "128"}) {
            byte[] sdp = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 4000 RTP/AVP 0 96\r\na=rtpmap:" + type + " telephone-event/8000\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            assertEquals("telephone-event payload type " + Integer.parseInt(type) + " is outside 0..127",
                    assertThrows(SdpException.class, () -> Sdp.read(sdp)).getMessage());
        }
    }

    private static String refused(String connection, int port) {
        byte[] sdp = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=" + connection + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\n").getBytes(StandardCharsets.US_ASCII);
        return assertThrows(SdpException.class, () -> Sdp.read(sdp)).getMessage();
    }

    @Test
    void namesAreRefusedNeverLookedUp() {
        assertEquals("connection address sip.example.net is not an IP address",
                refused("IN IP4 sip.example.net", 4000));
        assertEquals("connection address 300.1.1.1 is not an IPv4 address", refused("IN IP4 300.1.1.1", 4000));
        assertEquals("connection address 1:2:3 is not an IPv6 address", refused("IN IP6 1:2:3", 4000));
        assertEquals("audio port 70000 out of range", refused("IN IP4 10.0.0.1", 70000));
    }

    @Test
    void anAudioLineWithoutFormatsIsRefused() {
        byte[] sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals("audio stream without formats", assertThrows(SdpException.class, () -> Sdp.read(sdp))
                .getMessage());
    }
}
