package org.pippin.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network that blocks UDP: one port number where datagrams vanish (counted) and TCP connections are forwarded to the
 * relay. A phone on {@code Pippin-Transport: auto} given this port must fall back to TCP.
 */
final class UdpBlockedPort implements AutoCloseable {
    private final String name;
    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final int relayPort;
    private final AtomicLong datagramsSwallowed = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile String lastError;

    UdpBlockedPort(String name, int relayTcpPort) {
        this.name = name;
        this.relayPort = relayTcpPort;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            tcp = new ServerSocket(0, 4, loopback);
            udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + name, e);
        }
        daemon(this::swallow, "-udp");
        daemon(this::accept, "-accept");
    }

    /** The {@code Pippin-Relay} attribute: UDP and TCP share the port, as with a real relay. */
    String address() {
        return "127.0.0.1:" + tcp.getLocalPort();
    }

    long datagramsSwallowed() {
        return datagramsSwallowed.get();
    }

    @Override
    public String toString() {
        return String.format("%s: %d datagrams swallowed; TCP %d B phone -> relay, %d B relay -> phone%s",
                name, datagramsSwallowed.get(), bytesUp.get(), bytesDown.get(),
                lastError == null ? "" : "; last error: " + lastError);
    }

    private void swallow() {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        while (!closed) {
            try {
                udp.receive(packet);
                datagramsSwallowed.incrementAndGet();
            } catch (IOException e) {
                failed(e);
            }
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket phone = tcp.accept();
                Socket relay = new Socket(InetAddress.getLoopbackAddress(), relayPort);
                sockets.add(phone);
                sockets.add(relay);
                daemon(() -> copy(phone, relay, bytesUp), "-up");
                daemon(() -> copy(relay, phone, bytesDown), "-down");
            } catch (IOException e) {
                failed(e);
            }
        }
    }

    /** Copies until either side closes, then closes both (as a NAT would drop the pair). */
    private void copy(Socket from, Socket to, AtomicLong counter) {
        byte[] buf = new byte[4096];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
                counter.addAndGet(n);
            }
        } catch (IOException e) {
            // The other direction closing the pair ends this one too; anything else is worth reporting.
            if (!from.isClosed() && !to.isClosed()) {
                failed(e);
            }
        } finally {
            close(from);
            close(to);
        }
    }

    /** Noted for the report; the phones' events say whether it mattered. */
    private void failed(IOException e) {
        if (!closed) {
            lastError = e.toString();
        }
    }

    private void daemon(Runnable task, String suffix) {
        Thread thread = new Thread(task, name + suffix);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        close(tcp);
        sockets.forEach(UdpBlockedPort::close);
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + c, e);
        }
    }
}
