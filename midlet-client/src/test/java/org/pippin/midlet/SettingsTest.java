package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pippin.identity.LinkedNumbers;
import org.pippin.protocol.Wire;

class SettingsTest {

    private final RecordingLog log = new RecordingLog();

    private Settings read(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Settings.read(m::get, log);
    }

    @Test
    void defaults() {
        Settings s = read();
        assertNull(s.relayHost);
        assertEquals(0, s.relayPort);
        assertNull(s.autoClaim);
        assertFalse(s.autoDumpAfterCall);
        assertFalse(s.autoAnonymous);
        assertEquals(Settings.ANSWER_ASK, s.autoAnswer);
        assertEquals(Settings.AUDIO_MMAPI, s.audio);
        assertEquals(Wire.CODEC_GSM, s.codec);
        assertEquals(100, s.ptime);
        assertEquals(Settings.TRANSPORT_AUTO, s.transport);
        assertEquals(0, s.fallbackPorts.length);
        assertTrue(log.infos.isEmpty());
    }

    @Test
    void testModeAttributes() {
        Settings s = read("Pippin-Relay", " 10.0.0.1:7070 ", "Pippin-Auto-Claim", "1001",
                "Pippin-Auto-Dump", "after-call", "Pippin-Auto-Anonymous", "true", "Pippin-Auto-Answer", "reject", "Pippin-Auto-Dial", "1002",
                "Pippin-Auto-Hangup", "end-of-audio", "Pippin-Audio", "file", "Pippin-Audio-In", "file:///r/in.wav",
                "Pippin-Audio-Out", "file:///r/out.wav", "Pippin-Codec", "pcmu", "Pippin-Ptime", "40",
                "Pippin-Transport", "tcp", "Pippin-Exit-After-Call", "true");
        assertEquals("10.0.0.1", s.relayHost);
        assertEquals(7070, s.relayPort);
        assertEquals("1001", s.autoClaim);
        assertFalse(s.autoClaimRandom);
        assertTrue(s.autoDumpAfterCall);
        assertTrue(s.autoAnonymous);
        assertEquals(Settings.ANSWER_REJECT, s.autoAnswer);
        assertEquals("1002", s.autoDial);
        assertTrue(s.hangupAtEndOfAudio);
        assertTrue(s.exitAfterCall);
        assertEquals(Settings.AUDIO_FILE, s.audio);
        assertEquals("file:///r/in.wav", s.audioIn);
        assertEquals("file:///r/out.wav", s.audioOut);
        assertEquals(Wire.CODEC_PCMU, s.codec);
        assertEquals(40, s.ptime);
        assertEquals(Settings.TRANSPORT_TCP, s.transport);
    }

    @Test
    void speexIsTheLowBandwidthCodec() {
        Settings s = read("Pippin-Codec", "speex");
        assertEquals(Wire.CODEC_SPEEX, s.codec);
        assertTrue(log.infos.isEmpty());
    }

    @Test
    void badValuesFallBackWithAWarningNamingTheAttribute() {
        Settings s = read("Pippin-Relay", "nohost", "Pippin-Ptime", "30", "Pippin-Codec", "amr",
                "Pippin-Transport", "sctp", "Pippin-Auto-Claim", "12a", "Pippin-Auto-Answer", "maybe");
        assertNull(s.relayHost);
        assertEquals(100, s.ptime);
        assertEquals(Wire.CODEC_GSM, s.codec);
        assertEquals(Settings.TRANSPORT_AUTO, s.transport);
        assertNull(s.autoClaim);
        assertEquals(Settings.ANSWER_ASK, s.autoAnswer);
        assertEquals(6, log.infos.size());
        assertTrue(log.infos.get(0).startsWith("settings: Pippin-Relay 'nohost'"));
    }

    @Test
    void randomClaims() {
        Settings any = read("Pippin-Auto-Claim", "random");
        assertEquals("", any.autoClaim);
        assertTrue(any.autoClaimRandom);
        Settings prefixed = read("Pippin-Auto-Claim", "random:96");
        assertEquals("96", prefixed.autoClaim);
        assertTrue(prefixed.autoClaimRandom);
        assertNull(read("Pippin-Auto-Claim", "randomly").autoClaim);
        assertEquals(List.of("settings: Pippin-Auto-Claim 'randomly' is not a number, random or random:prefix;"
                + " ignored"), log.infos);
    }

    @Test
    void autoBlockList() {
        Settings s = read("Pippin-Auto-Block", "1001, 99*, anonymous,,x1");
        assertArrayEquals(new String[] {"1001"}, s.autoBlockNumbers);
        assertArrayEquals(new String[] {"99"}, s.autoBlockPrefixes);
        assertTrue(s.autoBlockAnonymous);
        assertEquals(List.of("settings: Pippin-Auto-Block entry 'x1' is not a number, prefix* or anonymous; ignored"),
                log.infos);
        assertNull(read().autoBlockNumbers);
    }

    @Test
    void autoLinks() {
        Settings all = read("Pippin-Auto-Link", "all 3003, +4930123456, x");
        assertArrayEquals(new String[] {"3003", "+4930123456"}, all.autoLinks);
        assertEquals(LinkedNumbers.RING_ALL, all.autoLinkRule);
        assertEquals(List.of("settings: Pippin-Auto-Link entry 'x' ignored"), log.infos);
        Settings seq = read("Pippin-Auto-Link", "sequential:15 3003");
        assertEquals(LinkedNumbers.SEQUENTIAL, seq.autoLinkRule);
        assertEquals(15, seq.autoLinkStep);
        assertEquals(20, read("Pippin-Auto-Link", "sequential:500 3003").autoLinkStep);
        assertArrayEquals(new String[0], read("Pippin-Auto-Link", "all").autoLinks, "unlinks everything");
        assertNull(read().autoLinks);
    }

    @Test
    void fallbackPorts() {
        assertArrayEquals(new int[] {443, 8443}, read("Pippin-Relay", "h:7070", "Pippin-Fallback-Ports",
                " 443 , 8443 ").fallbackPorts);
        assertTrue(log.infos.isEmpty());
        assertArrayEquals(new int[] {443}, read("Pippin-Relay", "h:7070", "Pippin-Fallback-Ports",
                "443,7070,x,443,,70000").fallbackPorts);
        String tail = "' is not a new port 1..65535 (at most 8); ignored";
        assertEquals(List.of("settings: Pippin-Fallback-Ports entry '7070" + tail,
                "settings: Pippin-Fallback-Ports entry 'x" + tail,
                "settings: Pippin-Fallback-Ports entry '443" + tail,
                "settings: Pippin-Fallback-Ports entry '70000" + tail), log.infos);
    }

    @Test
    void relayPortOutOfRange() {
        assertNull(read("Pippin-Relay", "h:70000").relayHost);
        assertNull(read("Pippin-Relay", "h:").relayHost);
        assertEquals(1, read("Pippin-Relay", "h:1").relayPort);
    }

    @Test
    void seedsAreTheRelayThenTheListWithoutRepeatsOrBadEntries() {
        Settings s = read("Pippin-Relay", "r1.example:7070", "Pippin-Relays",
                "r1.example:7070, r2.example:7071,,bad, r3.example:99999 ,r4.example:7072");
        assertArrayEquals(new String[] {"r1.example:7070", "r2.example:7071", "r4.example:7072"}, s.seeds);
        assertEquals(List.of("settings: Pippin-Relays entry 'bad' is not host:port; ignored",
                "settings: Pippin-Relays entry 'r3.example:99999' is not host:port; ignored"), log.infos);
        assertArrayEquals(new String[] {"r2.example:7071"}, read("Pippin-Relays", "r2.example:7071").seeds);
        assertEquals(0, read().seeds.length);
    }

    @Test
    void relaysUrlIsGivenOrNextToAnHttpJar() {
        assertEquals("http://r1.example:8070/relays.xml",
                read("MIDlet-Jar-URL", "http://r1.example:8070/pippin.jar").relaysUrl);
        assertNull(read("MIDlet-Jar-URL", "file:///tmp/pippin.jar").relaysUrl);
        assertEquals("http://x/y.xml", read("Pippin-Relays-Url", "http://x/y.xml",
                "MIDlet-Jar-URL", "http://r1.example:8070/pippin.jar").relaysUrl);
        assertNull(read("Pippin-Relays-Url", "ftp://x/y.xml").relaysUrl);
    }
}
