package org.pippin.midlet;

import java.io.IOException;

/** {@link Transport.Factory} over the Generic Connection Framework. */
final class Connectors implements Transport.Factory {

    private final Log log;

    Connectors(Log log) {
        this.log = log;
    }

    public Transport open(int kind, String host, int port) throws IOException {
        return kind == Transport.TCP ? (Transport) StreamTransport.open(host, port, log)
                : new DatagramTransport(host, port);
    }
}
