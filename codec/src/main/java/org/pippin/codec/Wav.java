package org.pippin.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * RIFF/WAVE files of 8000 Hz 16-bit mono PCM: the audio the phones play, record and exchange in tests.
 *
 * <p>The header this class writes (all numbers little-endian):
 * <pre>
 *  offset size  field
 *   0      4    "RIFF"
 *   4      4    36 + data bytes (0xFFFFFFFF if unknown)
 *   8      4    "WAVE"
 *  12      4    "fmt "
 *  16      4    16          fmt chunk size
 *  20      2    1           PCM
 *  22      2    1           channels
 *  24      4    8000        samples per second
 *  28      4    16000       bytes per second
 *  32      2    2           bytes per sample frame
 *  34      2    16          bits per sample
 *  36      4    "data"
 *  40      4    data bytes (0xFFFFFFFF if unknown)
 *  44           samples, 2 bytes each
 * </pre>
 * The reader accepts any chunk order with "fmt " before "data" and skips other chunks (LIST, fact, ...) without
 * buffering them, so a hostile size costs no memory.
 */
public final class Wav {
    /** Bytes written by {@link #writeHeader(OutputStream, int)}. */
    public static final int HEADER_BYTES = 44;
    /** The one sample rate supported. */
    public static final int SAMPLE_RATE = 8000;
    /** A data length meaning "until the end of the stream". */
    public static final int UNKNOWN_LENGTH = -1;

    private static final int RIFF = 0x52494646;
    private static final int WAVE = 0x57415645;
    private static final int FMT = 0x666d7420;
    private static final int DATA = 0x64617461;
    private static final int FORMAT_PCM = 1;
    private static final int FMT_MIN_BYTES = 16;

    private Wav() {
    }

    /**
     * Reads a header up to and including the data chunk's header, leaving {@code in} at the first sample.
     *
     * @return the data length in bytes, or {@link #UNKNOWN_LENGTH} if the file says 0xFFFFFFFF (written while
     *         streaming): read samples until the end of the stream then
     * @throws IOException if the stream ends early, is not RIFF/WAVE, or is anything but 8000 Hz 16-bit mono PCM
     */
    public static int readHeader(InputStream in) throws IOException {
        byte[] b = new byte[FMT_MIN_BYTES];
        readFully(in, b, 12, "RIFF header");
        if (be32(b, 0) != RIFF) {
            throw new IOException("not a WAV file: starts with " + fourcc(b, 0) + " instead of RIFF");
        }
        if (be32(b, 8) != WAVE) {
            throw new IOException("not a WAV file: RIFF form type is " + fourcc(b, 8) + " instead of WAVE");
        }
        boolean fmtSeen = false;
        while (true) {
            readFully(in, b, 8, "chunk header");
            int id = be32(b, 0);
            long size = le32(b, 4) & 0xFFFFFFFFL;
            if (id == FMT) {
                if (size < FMT_MIN_BYTES) {
                    throw new IOException("fmt chunk is " + size + " bytes, need at least " + FMT_MIN_BYTES);
                }
                readFully(in, b, FMT_MIN_BYTES, "fmt chunk");
                checkFormat(b);
                skipFully(in, size - FMT_MIN_BYTES + (size & 1), "fmt chunk");
                fmtSeen = true;
            } else if (id == DATA) {
                if (!fmtSeen) {
                    throw new IOException("data chunk comes before the fmt chunk");
                }
                if (size == 0xFFFFFFFFL) {
                    return UNKNOWN_LENGTH;
                }
                if (size > Integer.MAX_VALUE) {
                    throw new IOException("data chunk of " + size + " bytes is too large");
                }
                if ((size & 1) != 0) {
                    throw new IOException("data chunk of " + size + " bytes is not a whole number of 16-bit samples");
                }
                return (int) size;
            } else {
                // Chunks are padded to an even length.
                skipFully(in, size + (size & 1), fourcc(b, 0) + " chunk");
            }
        }
    }

    private static void checkFormat(byte[] f) throws IOException {
        int format = le16(f, 0);
        int channels = le16(f, 2);
        int rate = le32(f, 4);
        int byteRate = le32(f, 8);
        int blockAlign = le16(f, 12);
        int bits = le16(f, 14);
        if (format != FORMAT_PCM) {
            throw new IOException("unsupported WAV format tag " + format + ", need 1 (PCM)");
        }
        if (channels != 1) {
            throw new IOException("unsupported WAV channel count " + channels + ", need 1 (mono)");
        }
        if (rate != SAMPLE_RATE) {
            throw new IOException("unsupported WAV sample rate " + (rate & 0xFFFFFFFFL) + " Hz, need 8000");
        }
        if (bits != 16) {
            throw new IOException("unsupported WAV sample size " + bits + " bits, need 16");
        }
        if (blockAlign != 2 || byteRate != 2 * SAMPLE_RATE) {
            throw new IOException("inconsistent WAV fmt chunk: block align " + blockAlign + ", byte rate "
                    + (byteRate & 0xFFFFFFFFL) + ", expected 2 and 16000");
        }
    }

    /**
     * Writes the 44-byte header.
     *
     * @param dataBytes the number of sample bytes that follow (even), or {@link #UNKNOWN_LENGTH}
     */
    public static void writeHeader(OutputStream out, int dataBytes) throws IOException {
        byte[] b = new byte[HEADER_BYTES];
        writeHeader(b, 0, dataBytes);
        out.write(b, 0, HEADER_BYTES);
    }

    /**
     * Puts the 44-byte header into {@code out[off..]} (to rewrite the lengths once a recording is complete).
     *
     * @param dataBytes the number of sample bytes that follow (even), or {@link #UNKNOWN_LENGTH}
     * @return {@link #HEADER_BYTES}
     */
    public static int writeHeader(byte[] out, int off, int dataBytes) {
        // Any even length a reader accepts: the RIFF size, 36 + dataBytes, is a u32 and may pass Integer.MAX_VALUE.
        if (dataBytes != UNKNOWN_LENGTH && (dataBytes < 0 || (dataBytes & 1) != 0)) {
            throw new IllegalArgumentException("bad WAV data length " + dataBytes);
        }
        Ranges.check(out.length, off, HEADER_BYTES, "out");
        putBe32(out, off, RIFF);
        putLe32(out, off + 4, dataBytes == UNKNOWN_LENGTH ? -1 : 36 + dataBytes);
        putBe32(out, off + 8, WAVE);
        putBe32(out, off + 12, FMT);
        putLe32(out, off + 16, FMT_MIN_BYTES);
        putLe16(out, off + 20, FORMAT_PCM);
        putLe16(out, off + 22, 1);
        putLe32(out, off + 24, SAMPLE_RATE);
        putLe32(out, off + 28, 2 * SAMPLE_RATE);
        putLe16(out, off + 32, 2);
        putLe16(out, off + 34, 16);
        putBe32(out, off + 36, DATA);
        putLe32(out, off + 40, dataBytes);
        return HEADER_BYTES;
    }

    /**
     * Reads up to {@code count} samples, blocking until all arrive or the stream ends.
     *
     * @param scratch at least {@code 2 * count} bytes, reused by the caller so reading allocates nothing
     * @return the number of samples read, or -1 if the stream was already at its end
     * @throws IOException if the stream ends in the middle of a sample
     */
    public static int readSamples(InputStream in, byte[] scratch, short[] pcm, int pcmOff, int count)
            throws IOException {
        Ranges.check(pcm.length, pcmOff, count, "pcm");
        Ranges.check(scratch.length, 0, 2 * count, "scratch");
        int got = 0;
        int want = 2 * count;
        while (got < want) {
            int n = in.read(scratch, got, want - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        if ((got & 1) != 0) {
            throw new IOException("WAV data ends in the middle of a sample");
        }
        if (got == 0 && want > 0) {
            return -1;
        }
        toSamples(scratch, 0, pcm, pcmOff, got / 2);
        return got / 2;
    }

    /**
     * Writes {@code count} samples.
     *
     * @param scratch at least {@code 2 * count} bytes
     */
    public static void writeSamples(OutputStream out, byte[] scratch, short[] pcm, int pcmOff, int count)
            throws IOException {
        Ranges.check(pcm.length, pcmOff, count, "pcm");
        Ranges.check(scratch.length, 0, 2 * count, "scratch");
        toBytes(pcm, pcmOff, count, scratch, 0);
        out.write(scratch, 0, 2 * count);
    }

    /** Little-endian 16-bit samples from {@code src[srcOff..]} into {@code pcm[pcmOff..]}. */
    public static void toSamples(byte[] src, int srcOff, short[] pcm, int pcmOff, int count) {
        Ranges.check(src.length, srcOff, 2 * count, "src");
        Ranges.check(pcm.length, pcmOff, count, "pcm");
        for (int i = 0; i < count; i++) {
            int p = srcOff + 2 * i;
            pcm[pcmOff + i] = (short) ((src[p] & 0xFF) | (src[p + 1] << 8));
        }
    }

    /** Samples from {@code pcm[pcmOff..]} as little-endian 16-bit values into {@code dst[dstOff..]}. */
    public static void toBytes(short[] pcm, int pcmOff, int count, byte[] dst, int dstOff) {
        Ranges.check(pcm.length, pcmOff, count, "pcm");
        Ranges.check(dst.length, dstOff, 2 * count, "dst");
        for (int i = 0; i < count; i++) {
            int s = pcm[pcmOff + i];
            dst[dstOff + 2 * i] = (byte) s;
            dst[dstOff + 2 * i + 1] = (byte) (s >> 8);
        }
    }

    private static void readFully(InputStream in, byte[] b, int len, String what) throws IOException {
        int got = 0;
        while (got < len) {
            int n = in.read(b, got, len - got);
            if (n < 0) {
                throw new IOException("truncated WAV header: stream ended in the " + what + " after " + got
                        + " of " + len + " bytes");
            }
            got += n;
        }
    }

    private static void skipFully(InputStream in, long count, String what) throws IOException {
        long left = count;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                // skip() may return 0 without being at the end; read() tells.
                if (in.read() < 0) {
                    throw new IOException("truncated WAV header: stream ended in the " + what + " with "
                            + left + " of " + count + " bytes left");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static String fourcc(byte[] b, int off) {
        StringBuffer s = new StringBuffer(6);
        s.append('"');
        for (int i = 0; i < 4; i++) {
            int c = b[off + i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.append('"').toString();
    }

    private static int be32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16) | ((b[off + 3] & 0xFF) << 24);
    }

    private static int le16(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    private static void putBe32(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    private static void putLe16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }
}
