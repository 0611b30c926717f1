package org.pippin.midlet;

import java.io.IOException;

/** {@link Transport.Factory} over the Generic Connection Framework. */
final class Connectors implements Transport.Factory {

    public Transport open(int kind, String host, int port) throws IOException {
        return kind == Transport.TCP ? (Transport) new StreamTransport(host, port) : new DatagramTransport(host, port);
    }
}
