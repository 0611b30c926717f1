package org.pippin.midlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import javax.microedition.io.Connector;
import javax.microedition.io.file.FileConnection;

import org.pippin.codec.Wav;

/**
 * A {@link WavSink.Target} on a JSR-75 file. JSR-75 gives no portable way to rewrite the first bytes of a file in
 * place (MicroEmulator truncates at the offset passed to {@code openOutputStream(long)}), so the final file is
 * written afresh next to the streamed one — real header, then the data copied over in small chunks — and renamed
 * over it. Until then the streamed file is a valid WAV prefix.
 */
final class FileWavTarget implements WavSink.Target {

    private static final int COPY_CHUNK = 4096;

    private final String url;
    private final FileConnection file;
    private final OutputStream out;

    FileWavTarget(String url) throws IOException {
        this.url = url;
        this.file = openEmpty(url);
        this.out = file.openOutputStream();
    }

    private static FileConnection openEmpty(String url) throws IOException {
        FileConnection fc = (FileConnection) Connector.open(url, Connector.READ_WRITE);
        if (fc.exists()) {
            fc.truncate(0);
        } else {
            fc.create();
        }
        return fc;
    }

    public OutputStream stream() {
        return out;
    }

    public void finish(int dataBytes) throws IOException {
        FileConnection fresh = openEmpty(url + ".tmp");
        try {
            OutputStream o = fresh.openOutputStream();
            InputStream i = file.openInputStream();
            try {
                Wav.writeHeader(o, dataBytes);
                skipFully(i, Wav.HEADER_BYTES);
                byte[] chunk = new byte[COPY_CHUNK];
                int left = dataBytes;
                while (left > 0) {
                    int n = i.read(chunk, 0, left < chunk.length ? left : chunk.length);
                    if (n < 0) {
                        throw new IOException("WAV output " + url + " is shorter than the " + dataBytes
                                + " data bytes written");
                    }
                    o.write(chunk, 0, n);
                    left -= n;
                }
            } finally {
                i.close();
                o.close();
            }
            String name = file.getName();
            file.delete();
            fresh.rename(name);
        } finally {
            fresh.close();
            file.close();
        }
    }

    private static void skipFully(InputStream in, int n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new IOException("unexpected end of file while skipping the WAV header");
                }
                k = 1;
            }
            n -= (int) k;
        }
    }
}
