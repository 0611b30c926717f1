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
    static final int MIN_DTMF_MS = 40;
    static final int MAX_DTMF_MS = 2000;
    /** RFC 4733 2.5.1.2: an update every 50 ms while the key is held. */
    static final int DTMF_UPDATE_SAMPLES = 400;

    private final VoiceCodec pippinEncoder;
    private final VoiceCodec pippinDecoder;
    private final int framesPerPacket;
    private final int channel;
    private final int ssrc;
    private final Sink sink;

    private final short[] pcmOut;
    private final byte[] rtpOut = new byte[Rtp.HEADER + SAMPLES_20MS];
    private final byte[] eventOut = new byte[Dtmf.PACKET];
    private int rtpSeq;
    private long rtpTime;
    /** RTP time at which the last telephone event ended: the next may start no earlier. */
    private long eventFree;
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
        this.eventFree = rtpTime;
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

    /**
     * A key pressed on the Pippin side, as RFC 4733 events in this call's RTP stream (same SSRC and sequence numbers,
     * section 2.5): a start packet with the marker bit, an update every 50 ms of the key's duration, then the end
     * packet three times (2.5.1.4), all with the timestamp of the event's start (now in the audio's RTP time, or the
     * end of the previous event if that is later). Sent at once, like the voice a Pippin packet carries; the receiver
     * places them by timestamp and duration.
     *
     * @param event the RFC 4733 event code, 0..15
     * @param durationMs how long the key was held; clamped to 40..2000 ms (the shortest digit every receiver detects,
     *        and a bound on the packets one frame makes)
     * @param pt the payload type the SIP peer negotiated for telephone-event
     */
    void dtmfFromPippin(int event, int durationMs, int pt) {
        int total = Math.max(MIN_DTMF_MS, Math.min(MAX_DTMF_MS, durationMs)) * SAMPLES_20MS / Wire.CODEC_FRAME_MS;
        // Each key needs its own timestamp (2.5.1.1): keys pressed faster than the audio's clock runs start where
        // the previous one ended.
        long ts = (int) (rtpTime - eventFree) >= 0 ? rtpTime : eventFree;
        eventFree = (ts + total) & 0xFFFFFFFFL;
        int duration = SAMPLES_20MS;
        sendEvent(true, false, event, duration, pt, ts);
        for (duration += DTMF_UPDATE_SAMPLES; duration < total; duration += DTMF_UPDATE_SAMPLES) {
            sendEvent(false, false, event, duration, pt, ts);
        }
        for (int k = 0; k < 3; k++) {
            sendEvent(false, true, event, total, pt, ts);
        }
    }

    private void sendEvent(boolean marker, boolean end, int event, int duration, int pt, long ts) {
        Dtmf.write(eventOut, marker, end, event, duration, pt, rtpSeq, ts, ssrc);
        rtpSeq = (rtpSeq + 1) & 0xFFFF;
        sink.rtp(eventOut, eventOut.length);
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
