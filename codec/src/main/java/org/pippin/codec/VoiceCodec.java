package org.pippin.codec;

/**
 * A speech codec working on 20 ms frames of 8 kHz 16-bit mono PCM.
 *
 * <p>An instance keeps the filter memories of one direction (one encoder or one decoder stream), so a call uses one
 * instance to encode what it sends and another to decode what it receives. Neither method allocates, so both are safe
 * to call once per frame on a phone.
 */
public interface VoiceCodec {
    /** The protocol's codec id (0 PCMU, 1 GSM, 2 Speex). */
    int id();

    /** Bytes in one encoded frame. */
    int frameBytes();

    /** PCM samples in one frame (160, 20 ms at 8 kHz). */
    int frameSamples();

    /**
     * Encodes {@link #frameSamples()} samples from {@code pcm[pcmOff..]} into {@link #frameBytes()} bytes at
     * {@code out[outOff..]}.
     *
     * @throws IndexOutOfBoundsException if either array is too short for a whole frame at its offset
     */
    void encode(short[] pcm, int pcmOff, byte[] out, int outOff);

    /**
     * Decodes {@link #frameBytes()} bytes from {@code in[inOff..]} into {@link #frameSamples()} samples at
     * {@code pcm[pcmOff..]}.
     *
     * @throws IndexOutOfBoundsException if either array is too short for a whole frame at its offset
     * @throws IllegalArgumentException if the bytes are not a frame of this codec (the state is left unchanged)
     */
    void decode(byte[] in, int inOff, short[] pcm, int pcmOff);
}
