package org.pippin.relay.voicemail;

import java.io.ByteArrayOutputStream;
import org.pippin.protocol.VmGreeting;
import org.pippin.protocol.Wire;

/**
 * One greeting coming in from the owner's phone as VM_GREETING chunks, in order on one session. Nothing is stored
 * until the last chunk is in: a greeting cut off half-way (the phone gone, a chunk refused) is dropped, never played.
 * A chunk 0 starts over.
 */
public final class GreetingUpload {

    public final String owner;
    public final int kind;
    public final int codec;
    private final int chunks;
    private int next;
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();

    private GreetingUpload(VmGreeting first) {
        this.owner = first.owner;
        this.kind = first.kind;
        this.codec = first.codec;
        this.chunks = first.chunks;
    }

    /** Whether voicemail plays greetings sent in {@code codec}. */
    static boolean plays(int codec) {
        return codec == Wire.CODEC_PCMU || codec == Wire.CODEC_GSM || codec == Wire.CODEC_SPEEX;
    }

    /**
     * The upload after chunk {@code g}: {@code current} (null when none is under way) with the chunk added, or a new
     * one for a chunk 0. Throws with the RESULT outcome for a chunk out of order or of another greeting, in a codec
     * voicemail does not play, not of whole frames, or past 30 s.
     */
    public static GreetingUpload add(GreetingUpload current, VmGreeting g) throws Refused {
        GreetingUpload u = g.chunk == 0 ? new GreetingUpload(g) : current;
        if (u == null || g.chunk != u.next || !g.owner.equals(u.owner) || g.kind != u.kind || g.codec != u.codec
                || g.chunks != u.chunks) {
            throw new Refused(Wire.RESULT_MALFORMED, "chunk " + g.chunk + "/" + g.chunks + " out of order"
                    + (u == null ? "" : ", expected " + u.next + "/" + u.chunks));
        }
        if (!plays(g.codec)) {
            throw new Refused(Wire.RESULT_MALFORMED, "voicemail plays no " + Wire.codecName(g.codec));
        }
        int frameBytes = Wire.codecFrameBytes(g.codec);
        if (g.audioLength() % frameBytes != 0) {
            throw new Refused(Wire.RESULT_MALFORMED, g.audioLength() + " bytes are not whole "
                    + Wire.codecName(g.codec) + " frames");
        }
        if ((u.audio.size() + g.audioLength()) / frameBytes > Wire.GREETING_MAX_FRAMES) {
            throw new Refused(Wire.RESULT_TOO_LARGE, "longer than " + Wire.GREETING_MAX_FRAMES / 50 + " s");
        }
        u.audio.write(g.audio(), 0, g.audioLength());
        u.next++;
        return u;
    }

    /** Whether the last chunk is in. */
    public boolean complete() {
        return next == chunks;
    }

    /** The whole greeting's codec frames; an empty one is refused. */
    public byte[] audio() throws Refused {
        if (audio.size() == 0) {
            throw new Refused(Wire.RESULT_MALFORMED, "empty greeting");
        }
        return audio.toByteArray();
    }

    /** A refused chunk: the RESULT outcome and why. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        public final int outcome;

        Refused(int outcome, String why) {
            super(why);
            this.outcome = outcome;
        }
    }
}
