package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@link Wav#readHeader} on arbitrary bytes, handed over in arbitrary pieces by a stream that may refuse to skip: it
 * throws only IOException, never reads past what it needs, gives the same answer however the bytes arrive, and a
 * length it accepts is one {@link Wav#writeHeader} can write and read back.
 */
class WavFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void readHeader(FuzzedDataProvider in) throws IOException {
        int piece = in.consumeInt(1, 64);
        boolean skips = in.consumeBoolean();
        byte[] data = in.consumeRemainingAsBytes();

        String whole = outcome(new ByteArrayInputStream(data));
        Pieces pieces = new Pieces(data, piece, skips);
        assertEquals(whole, outcome(pieces));
        assertTrue(pieces.pos <= data.length);

        if (whole.startsWith("length ")) {
            int length = Integer.parseInt(whole.substring(7));
            assertTrue(length == Wav.UNKNOWN_LENGTH || length >= 0 && (length & 1) == 0, whole);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Wav.writeHeader(out, length);
            assertEquals(whole, outcome(new ByteArrayInputStream(out.toByteArray())));
        }
    }

    private static String outcome(InputStream in) {
        try {
            return "length " + Wav.readHeader(in);
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        }
    }

    /** At most {@code piece} bytes per read; skip() skips nothing unless {@code skips}. */
    private static final class Pieces extends InputStream {
        private final byte[] data;
        private final int piece;
        private final boolean skips;
        int pos;

        Pieces(byte[] data, int piece, boolean skips) {
            this.data = data;
            this.piece = piece;
            this.skips = skips;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public long skip(long n) {
            if (!skips || n <= 0) {
                return 0;
            }
            long k = Math.min(Math.min(n, piece), data.length - pos);
            pos += (int) k;
            return k;
        }
    }
}
