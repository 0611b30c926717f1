package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import javax.sdp.SdpException;

/**
 * A peer's SDP offer or answer on arbitrary bytes (JAIN-SIP parses the text; what we take from it is ours): the audio
 * stream's address is an IP literal, never a name to look up, with a port in range, or the body is refused with an
 * {@link SdpException} that says why.
 */
class SdpFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void read(byte[] body) {
        Sdp.Audio audio;
        try {
            audio = Sdp.read(body);
        } catch (SdpException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertFalse(audio.rtp.isUnresolved());
        assertTrue(audio.rtp.getPort() >= 1 && audio.rtp.getPort() <= 0xFFFF);
        assertTrue(audio.eventType >= -1 && audio.eventType <= 127, "event type " + audio.eventType);
    }
}
