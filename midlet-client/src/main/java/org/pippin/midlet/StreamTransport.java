package org.pippin.midlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import javax.microedition.io.Connector;
import javax.microedition.io.StreamConnection;

import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.StreamFramer;
import org.pippin.protocol.Wire;

/**
 * TCP through {@code socket://host:port}, for networks that drop UDP. Each frame is preceded by a u16 length:
 * <pre>
 * +--------+--------+--------------------------------+
 * | length (u16)    | frame (voice or signalling)    |
 * +--------+--------+--------------------------------+
 * </pre>
 * A bad length closes the connection (a stream cannot resynchronize).
 */
final class StreamTransport implements Transport {

    private final StreamConnection conn;
    private final InputStream in;
    private final OutputStream out;
    private final StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
    private final byte[] sendBuf = new byte[StreamFramer.PREFIX + Wire.MAX_FRAME];
    private final byte[] readBuf = new byte[512];
    private int readPos;
    private int readLen;

    StreamTransport(String host, int port) throws IOException {
        conn = (StreamConnection) Connector.open("socket://" + host + ":" + port);
        in = conn.openInputStream();
        out = conn.openOutputStream();
    }

    public int kind() {
        return TCP;
    }

    public synchronized void send(byte[] buf, int off, int len) throws IOException {
        // Prefix and frame in one write, so one frame is one TCP segment where the stack allows.
        int p = StreamFramer.writePrefix(sendBuf, 0, len);
        System.arraycopy(buf, off, sendBuf, p, len);
        out.write(sendBuf, 0, p + len);
        out.flush();
    }

    public int receive(byte[] buf) throws IOException {
        while (!framer.frameReady()) {
            if (readPos == readLen) {
                readLen = in.read(readBuf, 0, readBuf.length);
                readPos = 0;
                if (readLen < 0) {
                    readLen = 0;
                    throw new IOException("relay closed the TCP connection");
                }
                continue;
            }
            try {
                readPos += framer.feed(readBuf, readPos, readLen - readPos);
            } catch (ProtocolException e) {
                // The engine closes the transport when receive fails.
                throw new IOException("bad TCP framing from relay: " + e.getMessage());
            }
        }
        int len = framer.frameLength();
        System.arraycopy(framer.frame(), 0, buf, 0, len);
        framer.next();
        return len;
    }

    public void close() throws IOException {
        try {
            in.close();
            out.close();
        } finally {
            conn.close();
        }
    }
}
