package org.pippin.midlet;

import java.io.IOException;

/**
 * One connection to the relay carrying both signalling and voice (so the relay sees a single NAT binding or TCP
 * connection per phone). Sends may come from any thread; receive is called by one thread only.
 */
public interface Transport {

    int UDP = 1;
    int TCP = 2;

    /** {@link #UDP} or {@link #TCP}. */
    int kind();

    /** Sends one whole frame (voice or signalling). */
    void send(byte[] buf, int off, int len) throws IOException;

    /**
     * Blocks until one frame arrives, copies it to the start of {@code buf} (at least {@code Wire.MAX_FRAME} long)
     * and returns its length. Throws IOException when the connection fails or is closed.
     */
    int receive(byte[] buf) throws IOException;

    /** Closes the connection; a blocked {@link #receive} then throws. */
    void close() throws IOException;

    /** Opens transports; the engine asks for UDP first and falls back to TCP. */
    interface Factory {
        Transport open(int kind, String host, int port) throws IOException;
    }
}
