package org.pippin.relay.voicemail;

import java.io.ByteArrayOutputStream;
import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.Wire;

/**
 * One call the relay answered for voicemail, from VM_ANSWER to the saved message: first the greeting goes out,
 * paced by the injected clock ({@link #greetingDue}), then the caller's voice is kept as the codec frames it sent
 * ({@link #onVoice}) until the caller hangs up, the maximum length is reached or the caller has been silent for the
 * silence cut-off. Event loop only; no allocation per packet beyond the recording's own growth.
 */
public final class Recording {

    /** What {@link #onVoice} tells the relay. */
    public static final int GOING_ON = 0;
    public static final int MAX_LENGTH = 1;
    public static final int SILENCE = 2;
    /** A gap in the sequence longer than this (packets) is not filled with silence: the caller's phone restarted. */
    private static final int MAX_GAP_PACKETS = 10;

    public final int callId;
    public final String owner;
    public final String caller;
    public final int codec;
    public final int ptimeMs;
    /** The REJECT_* that sent the call here. */
    public final int reason;
    private final VoicemailConfig config;
    private final byte[] greeting;
    private final int frameBytes;
    private final int framesPerPacket;
    private final VoiceCodec decoder;
    private final short[] pcm = new short[160];
    private final byte[] silentFrame;
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream(16 * 1024);

    private int greetingSent;
    private long nextGreetingMillis;
    private int greetingSeq;
    private boolean recording;
    private boolean haveSeq;
    private int lastSeq;
    private int trailingSilentFrames;
    private boolean finished;

    Recording(int callId, String owner, String caller, int codec, int ptimeMs, int reason, VoicemailConfig config,
            byte[] greeting, byte[] silentFrame, long nowMillis, int firstSeq) {
        this.callId = callId;
        this.owner = owner;
        this.caller = caller;
        this.codec = codec;
        this.ptimeMs = ptimeMs;
        this.reason = reason;
        this.config = config;
        this.greeting = greeting;
        this.silentFrame = silentFrame;
        this.frameBytes = Wire.codecFrameBytes(codec);
        this.framesPerPacket = ptimeMs / Wire.CODEC_FRAME_MS;
        this.decoder = Codecs.create(codec);
        this.nextGreetingMillis = nowMillis;
        this.greetingSeq = firstSeq;
    }

    /**
     * The greeting packets due by {@code nowMillis} (payloads of whole codec frames, at most {@code most}), in order;
     * {@link #greetingSeq} numbers each. When the last one has gone, recording starts.
     */
    public byte[][] greetingDue(long nowMillis, int most) {
        int bytesPerPacket = framesPerPacket * frameBytes;
        int count = 0;
        long t = nextGreetingMillis;
        int sent = greetingSent;
        while (!recording && count < most && sent < greeting.length && t <= nowMillis) {
            sent += Math.min(bytesPerPacket, greeting.length - sent);
            t += ptimeMs;
            count++;
        }
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            int len = Math.min(bytesPerPacket, greeting.length - greetingSent);
            out[i] = new byte[len];
            System.arraycopy(greeting, greetingSent, out[i], 0, len);
            greetingSent += len;
        }
        nextGreetingMillis = t;
        if (greetingSent >= greeting.length && !recording) {
            recording = true;
        }
        return out;
    }

    /** The sequence number for the next greeting packet. */
    public int nextGreetingSeq() {
        return greetingSeq++ & 0xFFFF;
    }

    public boolean isRecording() {
        return recording && !finished;
    }

    /**
     * A voice packet from the caller: its sequence and payload (whole codec frames, checked by the relay). Voice
     * before the beep, repeats and late packets are ignored; a short gap is filled with silence so the message keeps
     * its timing.
     *
     * @return {@link #GOING_ON}, or why the recording is complete ({@link #MAX_LENGTH}, {@link #SILENCE})
     */
    public int onVoice(int seq, byte[] buf, int off, int len) {
        if (!recording || finished) {
            return GOING_ON;
        }
        if (haveSeq) {
            int ahead = (short) (seq - lastSeq); // serial-number arithmetic over 16 bits
            if (ahead <= 0) {
                return GOING_ON;
            }
            if (ahead > 1 && ahead <= MAX_GAP_PACKETS) {
                for (int i = 0; i < (ahead - 1) * framesPerPacket && !full(); i++) {
                    audio.write(silentFrame, 0, frameBytes);
                    trailingSilentFrames++;
                }
            }
        }
        haveSeq = true;
        lastSeq = seq;
        for (int f = off; f + frameBytes <= off + len && !full(); f += frameBytes) {
            audio.write(buf, f, frameBytes);
            trailingSilentFrames = isSilent(buf, f) ? trailingSilentFrames + 1 : 0;
        }
        if (full()) {
            return MAX_LENGTH;
        }
        if (config.silenceSeconds > 0 && trailingSilentFrames >= config.silenceSeconds * 50) {
            return SILENCE;
        }
        return GOING_ON;
    }

    private boolean full() {
        return audio.size() >= config.maxSeconds * 50 * frameBytes;
    }

    private boolean isSilent(byte[] buf, int off) {
        try {
            decoder.decode(buf, off, pcm, 0);
        } catch (IllegalArgumentException e) {
            return true; // not a frame of this codec: no voice in it
        }
        long sum = 0;
        for (short s : pcm) {
            sum += s * s;
        }
        return Math.sqrt(sum / (double) pcm.length) < config.silenceLevel;
    }

    /**
     * Ends the recording: trailing silence is cut; the message, or null if what is left is shorter than the
     * minimum length (or nothing was said). Once only.
     */
    Message finish(long id, long wallMillis) {
        if (finished) {
            return null;
        }
        finished = true;
        byte[] all = audio.toByteArray();
        int keep = all.length - Math.min(trailingSilentFrames, all.length / frameBytes) * frameBytes;
        long ms = (long) keep / frameBytes * Wire.CODEC_FRAME_MS;
        if (keep == 0 || ms < config.minSeconds * 1000L) {
            return null;
        }
        byte[] kept = new byte[keep];
        System.arraycopy(all, 0, kept, 0, keep);
        return new Message(id, owner, caller, wallMillis, codec, reason, kept);
    }

    public boolean isFinished() {
        return finished;
    }

    /** Bytes of audio recorded so far. */
    public int recordedBytes() {
        return audio.size();
    }
}
