package org.pippin.midlet;

import java.io.IOException;

import javax.microedition.io.Connector;
import javax.microedition.io.Datagram;
import javax.microedition.io.DatagramConnection;

import org.pippin.protocol.Wire;

/** UDP through {@code datagram://host:port}: one frame per datagram, one local port for everything. */
final class DatagramTransport implements Transport {

    private final DatagramConnection conn;
    private final Datagram out;
    private final Datagram in;

    DatagramTransport(String host, int port) throws IOException {
        conn = (DatagramConnection) Connector.open("datagram://" + host + ":" + port);
        out = conn.newDatagram(Wire.MAX_FRAME);
        in = conn.newDatagram(Wire.MAX_FRAME);
    }

    public int kind() {
        return UDP;
    }

    public synchronized void send(byte[] buf, int off, int len) throws IOException {
        // setData points the datagram at the caller's buffer: no copy, no allocation per packet.
        out.setData(buf, off, len);
        conn.send(out);
    }

    public int receive(byte[] buf) throws IOException {
        in.setData(buf, 0, Wire.MAX_FRAME);
        conn.receive(in);
        return in.getLength();
    }

    public void close() throws IOException {
        conn.close();
    }
}
