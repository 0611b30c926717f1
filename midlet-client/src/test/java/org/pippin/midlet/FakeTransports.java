package org.pippin.midlet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Transports that record what the engine sends; receiving is driven by the test through Engine.onReceive. */
final class FakeTransports implements Transport.Factory {

    final List<Fake> opened = new ArrayList<>();
    boolean failTcp;
    /** TCP ports whose connection attempt fails at once (refused). */
    final List<Integer> refusedTcpPorts = new ArrayList<>();
    /** UDP sends fail, as when the phone's own firewall drops them (EPERM). */
    boolean udpSendsRefused;

    @Override
    public Transport open(int kind, String host, int port) throws IOException {
        if (kind == Transport.TCP && (failTcp || refusedTcpPorts.contains(port))) {
            throw new IOException("connection refused");
        }
        Fake f = new Fake(kind, port);
        f.host = host;
        f.refuseSends = kind == Transport.UDP && udpSendsRefused;
        opened.add(f);
        return f;
    }

    Fake last() {
        return opened.get(opened.size() - 1);
    }

    static final class Fake implements Transport {
        final int kind;
        final int port;
        String host;
        final List<byte[]> sent = new ArrayList<>();
        boolean closed;
        boolean refuseSends;

        Fake(int kind, int port) {
            this.kind = kind;
            this.port = port;
        }

        @Override
        public int kind() {
            return kind;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            if (refuseSends) {
                throw new IOException("Operation not permitted");
            }
            sent.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public int receive(byte[] buf) {
            throw new UnsupportedOperationException("tests call Engine.onReceive directly");
        }

        @Override
        public void close() {
            closed = true;
        }

        int voiceCount() {
            int n = 0;
            for (byte[] b : sent) {
                if ((b[0] & 0x80) != 0) {
                    n++;
                }
            }
            return n;
        }
    }
}
