package org.pippin.sip;

import java.util.Arrays;
import java.util.Random;
import org.pippin.codec.Codecs;
import org.pippin.codec.MuLawCodec;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Transcodes one call's voice between the Pippin side (a voice packet of {@code ptime / 20} frames of GSM 06.10, Speex or
 * µ-law) and the SIP side (G.711 µ-law RTP, 20 ms per packet). One instance per call; nothing is allocated per packet.
 * A Pippin packet becomes {@code ptime / 20} RTP packets at once (the SIP phone's jitter buffer spreads them); RTP
 * audio is gathered until one Pippin packet's worth is there. No reordering: a late RTP packet is played late.
 */
final class MediaBridge {

    /** Where transcoded packets go. */
    interface Sink {
        void rtp(byte[] packet, int len);

        void voice(byte[] packet, int len);
    }

    static final int SAMPLES_20MS = 160;

    private final VoiceCodec pippinEncoder;
    private final VoiceCodec pippinDecoder;
    private final int framesPerPacket;
    private final int channel;
    private final int ssrc;
    private final Sink sink;

    private final short[] pcmOut;
    private final byte[] rtpOut = new byte[Rtp.HEADER + SAMPLES_20MS];
    private int rtpSeq;
    private long rtpTime;
    private boolean first = true;

    private final short[] pcmIn;
    private int pcmInCount;
    private final byte[] voiceOut;
    private int voiceSeq;

    /** Packets dropped as undecodable, for the call's end-of-call log line. */
    long dropped;

    /**
     * @param codec the Pippin codec of the call (Wire.CODEC_GSM, CODEC_PCMU or CODEC_SPEEX)
     * @param ptimeMs the Pippin side's packet time, 20..100 in steps of 20
     * @param channel the channel this leg sends its voice packets on
     * @param seed randomness for the RTP SSRC and the first sequence number and timestamp (RFC 3550 5.1)
     */
    MediaBridge(int codec, int ptimeMs, int channel, long seed, Sink sink) {
        if (!Wire.isValidPtime(ptimeMs)) {
            throw new IllegalArgumentException("ptime " + ptimeMs + " ms is not 20..100 in steps of 20");
        }
        this.pippinEncoder = Codecs.create(codec);
        this.pippinDecoder = Codecs.create(codec);
        this.framesPerPacket = ptimeMs / Wire.CODEC_FRAME_MS;
        this.channel = channel;
        this.sink = sink;
        Random r = new Random(seed);
        this.ssrc = r.nextInt();
        this.rtpSeq = r.nextInt(0x10000);
        this.rtpTime = r.nextInt() & 0xFFFFFFFFL;
        this.pcmOut = new short[SAMPLES_20MS];
        this.pcmIn = new short[framesPerPacket * SAMPLES_20MS];
        this.voiceOut = new byte[VoicePacket.HEADER + framesPerPacket * pippinEncoder.frameBytes()];
    }

    /** One Pippin voice packet (header included) towards the SIP phone. Returns false if it was dropped. */
    boolean fromPippin(byte[] packet, int off, int len) {
        int frameBytes = pippinDecoder.frameBytes();
        int payload = len - VoicePacket.HEADER;
        if (payload <= 0 || payload % frameBytes != 0) {
            dropped++;
            return false;
        }
        for (int at = off + VoicePacket.HEADER; at < off + len; at += frameBytes) {
            try {
                pippinDecoder.decode(packet, at, pcmOut, 0);
            } catch (IllegalArgumentException e) {
                // Not a frame of this codec: silence keeps the RTP clock running for the phone's jitter buffer.
                Arrays.fill(pcmOut, (short) 0);
                dropped++;
            }
            Rtp.writeHeader(rtpOut, 0, first, Rtp.PT_PCMU, rtpSeq, rtpTime, ssrc);
            first = false;
            for (int i = 0; i < SAMPLES_20MS; i++) {
                rtpOut[Rtp.HEADER + i] = (byte) MuLawCodec.encode(pcmOut[i]);
            }
            rtpSeq = (rtpSeq + 1) & 0xFFFF;
            rtpTime = (rtpTime + SAMPLES_20MS) & 0xFFFFFFFFL;
            sink.rtp(rtpOut, rtpOut.length);
        }
        return true;
    }

    /** µ-law audio from one RTP packet's payload towards the Pippin phone. */
    void fromRtp(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            pcmIn[pcmInCount++] = (short) MuLawCodec.decode(buf[off + i] & 0xFF);
            if (pcmInCount == pcmIn.length) {
                emitVoice();
                pcmInCount = 0;
            }
        }
    }

    private void emitVoice() {
        VoicePacket.writeHeader(voiceOut, 0, channel, voiceSeq);
        voiceSeq = (voiceSeq + 1) & 0xFFFF;
        int frameBytes = pippinEncoder.frameBytes();
        for (int f = 0; f < framesPerPacket; f++) {
            pippinEncoder.encode(pcmIn, f * SAMPLES_20MS, voiceOut, VoicePacket.HEADER + f * frameBytes);
        }
        sink.voice(voiceOut, voiceOut.length);
    }
}
