package org.pippin.codec;

/** Creates codecs by their protocol id (PROTOCOL.md: 0 PCMU, 1 GSM, 2 Speex; bit {@code 1 << id} in a codec mask). */
public final class Codecs {
    /** G.711 µ-law, 160 bytes per 20 ms. */
    public static final int PCMU = 0;
    /** GSM 06.10 full rate, 33 bytes per 20 ms. */
    public static final int GSM = 1;
    /** Speex narrowband 5.95 kbit/s, 15 bytes per 20 ms. */
    public static final int SPEEX = 2;

    private Codecs() {
    }

    /**
     * Returns a new codec instance (one per direction of a call).
     *
     * @throws IllegalArgumentException if {@code id} is not a supported codec
     */
    public static VoiceCodec create(int id) {
        switch (id) {
            case PCMU:
                return new MuLawCodec();
            case GSM:
                return new GsmCodec();
            case SPEEX:
                return new SpeexCodec();
            default:
                throw new IllegalArgumentException("unsupported codec id " + id);
        }
    }

    /** The codec mask of everything {@link #create(int)} accepts. */
    public static int supportedMask() {
        return (1 << PCMU) | (1 << GSM) | (1 << SPEEX);
    }
}
