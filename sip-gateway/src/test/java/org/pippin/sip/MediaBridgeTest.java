package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.codec.GsmCodec;
import org.pippin.codec.MuLawCodec;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

class MediaBridgeTest {

    private final List<byte[]> rtp = new ArrayList<>();
    private final List<byte[]> voice = new ArrayList<>();
    private final MediaBridge.Sink sink = new MediaBridge.Sink() {
        @Override
        public void rtp(byte[] packet, int len) {
            rtp.add(Arrays.copyOf(packet, len));
        }

        @Override
        public void voice(byte[] packet, int len) {
            voice.add(Arrays.copyOf(packet, len));
        }
    };

    @Test
    void gsmPacketOf100msBecomesFiveRtpPacketsWithRunningSequenceAndTimestamp() {
        MediaBridge b = new MediaBridge(Wire.CODEC_GSM, 100, 7, 42, sink);
        byte[] packet = new byte[VoicePacket.HEADER + 5 * GsmCodec.FRAME_BYTES];
        GsmCodec gsm = new GsmCodec();
        short[] pcm = tone(800, 160);
        for (int f = 0; f < 5; f++) {
            gsm.encode(pcm, 0, packet, VoicePacket.HEADER + f * GsmCodec.FRAME_BYTES);
        }
        VoicePacket.writeHeader(packet, 0, 3, 0);
        assertTrue(b.fromPippin(packet, 0, packet.length));
        assertTrue(b.fromPippin(packet, 0, packet.length));
        assertEquals(10, rtp.size());
        for (int i = 0; i < rtp.size(); i++) {
            byte[] p = rtp.get(i);
            assertEquals(Rtp.HEADER + 160, p.length);
            assertEquals(Rtp.PT_PCMU, Rtp.payloadType(p, 0));
            assertEquals(i == 0, Rtp.marker(p, 0), "marker on the first packet only");
            int seq = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
            int seq0 = ((rtp.get(0)[2] & 0xFF) << 8) | (rtp.get(0)[3] & 0xFF);
            assertEquals((seq0 + i) & 0xFFFF, seq);
            assertEquals((Rtp.timestamp(rtp.get(0), 0) + 160L * i) & 0xFFFFFFFFL, Rtp.timestamp(p, 0));
        }
        assertEquals(0, b.dropped);
    }

    @Test
    void aPippinKeyBecomesRfc4733EventsInTheAudioStream() {
        MediaBridge b = new MediaBridge(Wire.CODEC_PCMU, 20, 7, 42, sink);
        byte[] packet = new byte[VoicePacket.HEADER + 160];
        VoicePacket.writeHeader(packet, 0, 3, 0);
        assertTrue(b.fromPippin(packet, 0, packet.length));
        b.dtmfFromPippin(11, 120, 101);
        assertTrue(b.fromPippin(packet, 0, packet.length));
        // audio, start (20 ms), updates at 70 ms, 3 x end (120 ms = 960 samples), audio
        assertEquals(7, rtp.size());
        byte[] audio = rtp.get(0);
        int seq0 = ((audio[2] & 0xFF) << 8) | (audio[3] & 0xFF);
        long eventTime = (Rtp.timestamp(audio, 0) + 160) & 0xFFFFFFFFL;
        int[] durations = {160, 560, 960, 960, 960};
        for (int i = 1; i <= 5; i++) {
            byte[] p = rtp.get(i);
            assertEquals(Dtmf.PACKET, p.length);
            assertEquals(101, Rtp.payloadType(p, 0));
            assertEquals(i == 1, Rtp.marker(p, 0), "marker on the start packet only");
            assertEquals((seq0 + i) & 0xFFFF, ((p[2] & 0xFF) << 8) | (p[3] & 0xFF), "the audio's sequence");
            assertTrue(Arrays.equals(audio, 8, 12, p, 8, 12), "the audio's SSRC");
            assertEquals(eventTime, Rtp.timestamp(p, 0), "the event's start, on every packet");
            assertEquals(11, p[Rtp.HEADER]);
            assertEquals(i >= 3 ? 0x80 | Dtmf.VOLUME : Dtmf.VOLUME, p[Rtp.HEADER + 1] & 0xFF);
            assertEquals(durations[i - 1], ((p[Rtp.HEADER + 2] & 0xFF) << 8) | (p[Rtp.HEADER + 3] & 0xFF));
        }
        assertEquals(Rtp.PT_PCMU, Rtp.payloadType(rtp.get(6), 0));
        assertEquals((seq0 + 6) & 0xFFFF, ((rtp.get(6)[2] & 0xFF) << 8) | (rtp.get(6)[3] & 0xFF));
    }

    @Test
    void keysFasterThanTheAudioClockStartWhereThePreviousEnded() {
        MediaBridge b = new MediaBridge(Wire.CODEC_PCMU, 20, 7, 42, sink);
        b.dtmfFromPippin(1, 100, 101);
        b.dtmfFromPippin(2, 100, 101);
        assertEquals(10, rtp.size(), "each: start, an update at 70 ms, 3 x end");
        long first = Rtp.timestamp(rtp.get(0), 0);
        assertEquals(first, Rtp.timestamp(rtp.get(4), 0));
        assertEquals((first + 800) & 0xFFFFFFFFL, Rtp.timestamp(rtp.get(5), 0), "the second starts as the first ends");
        assertTrue(Rtp.marker(rtp.get(5), 0));
    }

    @Test
    void aKeyIsAtLeast40AndAtMost2000Ms() {
        MediaBridge b = new MediaBridge(Wire.CODEC_PCMU, 20, 7, 42, sink);
        b.dtmfFromPippin(1, 0, 101);
        assertEquals(4, rtp.size(), "start and 3 end packets");
        assertEquals(320, ((rtp.get(3)[Rtp.HEADER + 2] & 0xFF) << 8) | (rtp.get(3)[Rtp.HEADER + 3] & 0xFF));
        rtp.clear();
        b.dtmfFromPippin(1, 0xFFFF, 101);
        assertEquals(16000, ((rtp.get(rtp.size() - 1)[Rtp.HEADER + 2] & 0xFF) << 8)
                | (rtp.get(rtp.size() - 1)[Rtp.HEADER + 3] & 0xFF));
        assertEquals(1 + 39 + 3, rtp.size(), "an update every 50 ms");
    }

    @Test
    void packetsOfTheWrongSizeAreDroppedAndCounted() {
        MediaBridge b = new MediaBridge(Wire.CODEC_GSM, 100, 7, 42, sink);
        assertFalse(b.fromPippin(new byte[VoicePacket.HEADER + 32], 0, VoicePacket.HEADER + 32));
        assertFalse(b.fromPippin(new byte[VoicePacket.HEADER], 0, VoicePacket.HEADER));
        assertEquals(2, b.dropped);
        assertTrue(rtp.isEmpty());
    }

    @Test
    void rtpAudioIsGatheredIntoOnePippinPacketPerPtime() {
        MediaBridge b = new MediaBridge(Wire.CODEC_PCMU, 60, 9, 1, sink);
        short[] pcm = tone(500, 160);
        byte[] ulaw = new byte[160];
        new MuLawCodec().encode(pcm, 0, ulaw, 0);
        b.fromRtp(ulaw, 0, 160);
        b.fromRtp(ulaw, 0, 160);
        assertTrue(voice.isEmpty(), "two of three 20 ms frames");
        b.fromRtp(ulaw, 0, 100);
        assertTrue(voice.isEmpty());
        b.fromRtp(ulaw, 100, 60);
        assertEquals(1, voice.size());
        byte[] v = voice.get(0);
        assertEquals(VoicePacket.HEADER + 3 * 160, v.length);
        assertEquals(9, VoicePacket.channel(v, 0));
        assertEquals(0, VoicePacket.sequence(v, 0));
        // µ-law to PCM to µ-law is exact.
        assertEquals(Arrays.toString(ulaw), Arrays.toString(Arrays.copyOfRange(v, VoicePacket.HEADER + 320,
                VoicePacket.HEADER + 480)));
        b.fromRtp(new byte[480], 0, 480);
        assertEquals(1, VoicePacket.sequence(voice.get(1), 0));
    }

    @Test
    void gsmRoundTripKeepsTheTone() {
        roundTripKeepsTheTone(Wire.CODEC_GSM, 1000, 600);
    }

    /** The low-bandwidth codec transcoded both ways (µ-law RTP to Speex frames and back). */
    @Test
    void speexRoundTripKeepsTheTone() {
        roundTripKeepsTheTone(Wire.CODEC_SPEEX, 730, 930);
        assertEquals(4 + 5 * 15, voice.get(0).length);
    }

    private void roundTripKeepsTheTone(int codec, double hz, double otherHz) {
        List<byte[]> back = new ArrayList<>();
        MediaBridge toPippin = new MediaBridge(codec, 100, 5, 1, sink);
        short[] pcm = tone(hz, 8000);
        byte[] ulaw = new byte[pcm.length];
        MuLawCodec mulaw = new MuLawCodec();
        for (int i = 0; i < pcm.length / 160; i++) {
            mulaw.encode(pcm, i * 160, ulaw, i * 160);
        }
        toPippin.fromRtp(ulaw, 0, ulaw.length);
        assertEquals(10, voice.size());
        MediaBridge toSip = new MediaBridge(codec, 100, 5, 2, new MediaBridge.Sink() {
            @Override
            public void rtp(byte[] packet, int len) {
                back.add(Arrays.copyOf(packet, len));
            }

            @Override
            public void voice(byte[] packet, int len) {
                throw new AssertionError("no voice this way");
            }
        });
        for (byte[] v : voice) {
            assertTrue(toSip.fromPippin(v, 0, v.length));
        }
        assertEquals(50, back.size());
        short[] out = new short[back.size() * 160];
        for (int i = 0; i < back.size(); i++) {
            for (int j = 0; j < 160; j++) {
                out[i * 160 + j] = (short) MuLawCodec.decode(back.get(i)[Rtp.HEADER + j] & 0xFF);
            }
        }
        double atTone = power(out, 1600, out.length, hz);
        double atOther = power(out, 1600, out.length, otherHz);
        assertTrue(10 * Math.log10(atTone / atOther) > 20, hz + " Hz survives " + Wire.codecName(codec) + " and µ-law");
    }

    private static short[] tone(double hz, int n) {
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) (12000 * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        return pcm;
    }

    private static double power(short[] pcm, int from, int to, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / 8000);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = pcm[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - k * s1 * s2;
    }
}
