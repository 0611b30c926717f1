package org.pippin.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFF/WAVE PCM files as the MIDlet reads and writes them: 8000 Hz, 16-bit, mono, little-endian. An independent
 * implementation, so the end-to-end check does not trust the code under test to read its own output.
 *
 * <pre>
 *  0 "RIFF"  4 u32 riff size  8 "WAVE"
 * 12 "fmt "  16 u32 16  20 u16 format=1  22 u16 channels=1  24 u32 rate=8000  28 u32 bytes/s=16000
 *            32 u16 block align=2  34 u16 bits=16
 * 36 "data"  40 u32 data size  44 samples ...
 * </pre>
 */
final class WavFile {
    static final int RATE = 8000;
    static final int HEADER_BYTES = 44;
    /** Data size written by a writer that could not seek back to fill it in. */
    private static final long STREAMING = 0xFFFFFFFFL;

    private WavFile() {
    }

    static void write(Path file, short[] pcm) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(ascii("RIFF")).putInt(36 + pcm.length * 2).put(ascii("WAVE"));
        buf.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        buf.put(ascii("data")).putInt(pcm.length * 2);
        for (short s : pcm) {
            buf.putShort(s);
        }
        Files.write(file, buf.array());
    }

    /** Reads the samples; a streaming data size (0xFFFFFFFF) means "to the end of the file". */
    static short[] read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 12 || !tag(buf, 0, "RIFF") || !tag(buf, 8, "WAVE")) {
            throw new IOException(file + ": not a RIFF/WAVE file (" + buf.remaining() + " bytes)");
        }
        boolean fmtSeen = false;
        int pos = 12;
        while (pos + 8 <= buf.limit()) {
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            if (tag(buf, pos, "fmt ")) {
                if (size < 16 || body + 16 > buf.limit()) {
                    throw new IOException(file + ": fmt chunk of " + size + " bytes is too short");
                }
                int format = buf.getShort(body) & 0xFFFF;
                int channels = buf.getShort(body + 2) & 0xFFFF;
                int rate = buf.getInt(body + 4);
                int bits = buf.getShort(body + 14) & 0xFFFF;
                if (format != 1 || channels != 1 || rate != RATE || bits != 16) {
                    throw new IOException(file + ": format " + format + ", " + channels + " channels, " + rate
                            + " Hz, " + bits + " bits; expected PCM (1), 1 channel, 8000 Hz, 16 bits");
                }
                fmtSeen = true;
            } else if (tag(buf, pos, "data")) {
                if (!fmtSeen) {
                    throw new IOException(file + ": data chunk before fmt chunk");
                }
                long available = buf.limit() - body;
                long bytes = size == STREAMING ? available - available % 2 : size;
                if (bytes > available) {
                    throw new IOException(file + ": data chunk says " + size + " bytes, file holds " + available);
                }
                short[] pcm = new short[(int) (bytes / 2)];
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = buf.getShort(body + 2 * i);
                }
                return pcm;
            }
            pos = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        throw new IOException(file + ": no data chunk");
    }

    private static boolean tag(ByteBuffer buf, int pos, String tag) {
        for (int i = 0; i < 4; i++) {
            if (buf.get(pos + i) != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
