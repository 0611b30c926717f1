package org.pippin.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy in front of a test SMTP server with one named fault: while {@link #hold} is set it passes a client's
 * message up to, but not including, the final {@code "."} line that commits it, then keeps the rest back: the server
 * has the whole message except the line that would make it deliver. {@link #held} opens then. Otherwise it passes
 * everything. Each client connection gets its own server connection; closing either side closes both.
 */
final class HoldingSmtpProxy implements AutoCloseable {

    private static final byte[] END = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int serverPort;
    volatile boolean hold;
    final CountDownLatch held = new CountDownLatch(1);
    /** What the held client sent before the end of its message (headers included). */
    volatile String heldText = "";

    HoldingSmtpProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "smtp-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                pump(server.getInputStream(), client.getOutputStream(), client, server, false);
                pump(client.getInputStream(), server.getOutputStream(), client, server, hold);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(InputStream in, OutputStream out, Socket a, Socket b, boolean holding) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            StringBuilder seen = new StringBuilder();
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (holding) {
                        seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        int end = seen.indexOf("\r\n" + new String(END, StandardCharsets.ISO_8859_1));
                        if (end >= 0) {
                            // Pass all but the terminating ".\r\n", then keep the client waiting.
                            int pass = n - (seen.length() - (end + 2));
                            out.write(buf, 0, Math.max(0, pass));
                            out.flush();
                            heldText = seen.substring(0, end + 2);
                            held.countDown();
                            while (in.read(buf) > 0) {
                                // swallow until the client dies
                            }
                            break;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "smtp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed: nothing to release
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
