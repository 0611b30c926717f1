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
 *
 * <p>The connection is opened on a short-lived thread of its own: {@code Connector.open} has no timeout, and a
 * carrier that drops the connection attempt would hold it for minutes. The engine's own bounded wait then decides;
 * frames sent meanwhile (the REGISTER) are held and written once the connection is up, and {@link #receive} waits
 * for it. A connection that arrives after {@link #close} is closed at once.
 */
final class StreamTransport implements Transport, Runnable {

    private final String url;
    private final Log log;
    /** Guards the connection state below; never held while blocking on the network. */
    private final Object lock = new Object();
    private StreamConnection conn;
    private InputStream in;
    private OutputStream out;
    private IOException failure;
    private boolean closed;
    /** Framed bytes sent before the connection was up (writes are serialized on {@code this}). */
    private final byte[] pending = new byte[2 * (StreamFramer.PREFIX + Wire.MAX_FRAME)];
    private int pendingLen;
    private final StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
    private final byte[] sendBuf = new byte[StreamFramer.PREFIX + Wire.MAX_FRAME];
    private final byte[] readBuf = new byte[512];
    private int readPos;
    private int readLen;

    private StreamTransport(String host, int port, Log log) {
        this.url = "socket://" + host + ":" + port;
        this.log = log;
    }

    /** Starts connecting and returns at once. */
    static StreamTransport open(String host, int port, Log log) {
        StreamTransport t = new StreamTransport(host, port, log);
        new Thread(t, "pippin-connect").start();
        return t;
    }

    /** The connecting thread: ends once the connection is up, has failed, or has been abandoned. */
    public void run() {
        StreamConnection c = null;
        InputStream i = null;
        OutputStream o = null;
        IOException error = null;
        try {
            c = (StreamConnection) Connector.open(url);
            i = c.openInputStream();
            o = c.openOutputStream();
        } catch (IOException e) {
            error = e;
        } catch (SecurityException e) {
            error = new IOException("no permission to open " + url + ": " + e.getMessage());
        }
        boolean abandoned;
        synchronized (this) {
            synchronized (lock) {
                abandoned = closed;
                if (error == null && !abandoned) {
                    conn = c;
                    in = i;
                    out = o;
                }
            }
            if (error == null && !abandoned && pendingLen > 0) {
                try {
                    o.write(pending, 0, pendingLen);
                    o.flush();
                } catch (IOException e) {
                    error = e;
                }
                pendingLen = 0;
            }
        }
        synchronized (lock) {
            if (error != null && failure == null) {
                failure = error;
            }
            lock.notifyAll();
        }
        if (abandoned && c != null) {
            log.info("tcp " + url + " connected after it was given up; closing it");
            closeAll(c, i, o);
        } else if (error != null && c != null && in == null) {
            closeAll(c, i, o); // opened, but its streams could not be
        }
    }

    public int kind() {
        return TCP;
    }

    public synchronized void send(byte[] buf, int off, int len) throws IOException {
        OutputStream o;
        synchronized (lock) {
            check();
            o = out;
        }
        // Prefix and frame in one write, so one frame is one TCP segment where the stack allows.
        int p = StreamFramer.writePrefix(sendBuf, 0, len);
        System.arraycopy(buf, off, sendBuf, p, len);
        if (o == null) {
            if (pendingLen + p + len > pending.length) {
                throw new IOException("tcp " + url + " is still connecting and its send buffer is full");
            }
            System.arraycopy(sendBuf, 0, pending, pendingLen, p + len);
            pendingLen += p + len;
            return;
        }
        o.write(sendBuf, 0, p + len);
        o.flush();
    }

    public int receive(byte[] buf) throws IOException {
        InputStream i;
        synchronized (lock) {
            while (in == null) {
                check();
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    throw new IOException("interrupted while connecting to " + url + ": " + e.getMessage());
                }
            }
            check();
            i = in;
        }
        while (!framer.frameReady()) {
            if (readPos == readLen) {
                readLen = i.read(readBuf, 0, readBuf.length);
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

    /** Closes the connection, or makes a connection still being opened close as soon as it is up. */
    public void close() throws IOException {
        StreamConnection c;
        InputStream i;
        OutputStream o;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = conn;
            i = in;
            o = out;
            lock.notifyAll();
        }
        if (c != null) {
            try {
                i.close();
                o.close();
            } finally {
                c.close();
            }
        }
    }

    /** Throws if the transport was closed or could not connect. Call with {@code lock} held. */
    private void check() throws IOException {
        if (closed) {
            throw new IOException("tcp " + url + " closed");
        }
        if (failure != null) {
            throw new IOException("cannot connect to " + url + ": " + failure.getMessage());
        }
    }

    private void closeAll(StreamConnection c, InputStream i, OutputStream o) {
        try {
            try {
                if (i != null) {
                    i.close();
                }
                if (o != null) {
                    o.close();
                }
            } finally {
                c.close();
            }
        } catch (IOException e) {
            log.info("closing the late tcp connection to " + url + " failed: " + e.getMessage());
        }
    }
}
