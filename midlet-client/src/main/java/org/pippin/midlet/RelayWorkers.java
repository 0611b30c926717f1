package org.pippin.midlet;

import java.io.IOException;
import java.io.InputStream;

import javax.microedition.io.Connector;
import javax.microedition.io.HttpConnection;

import org.pippin.protocol.RelayList;
import org.pippin.protocol.Wire;

/** The threads relay choice needs on a phone: one per PROBE transport, one for an HTTP fetch of the relay list. */
final class RelayWorkers {

    private RelayWorkers() {
    }

    /** Reads each probe transport on its own thread until it is closed (when the engine ends the round). */
    static void readProbes(final Engine engine, Transport[] transports) {
        for (int i = 0; i < transports.length; i++) {
            final Transport t = transports[i];
            if (t == null) {
                continue;
            }
            new Thread(new Runnable() {
                public void run() {
                    byte[] buf = new byte[Wire.MAX_FRAME];
                    while (true) {
                        try {
                            int len = t.receive(buf);
                            engine.onProbeReceive(t, buf, len);
                        } catch (IOException e) {
                            engine.probeFailed(t, e);
                            return;
                        }
                    }
                }
            }).start();
        }
    }

    /** GETs {@code url} ({@code relays.xml}) on a thread of its own and hands the list, or why not, to the engine. */
    static void fetch(final Engine engine, final String url) {
        new Thread(new Runnable() {
            public void run() {
                try {
                    RelayList l = get(url);
                    String[] a = new String[l.size()];
                    long[] s = new long[l.size()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = l.relay(i);
                        s[i] = l.spareKbps(i);
                    }
                    engine.relaysFetched(a, s, null);
                } catch (IOException e) {
                    engine.relaysFetched(null, null, url + ": " + e.getMessage());
                } catch (SecurityException e) {
                    engine.relaysFetched(null, null, url + ": no permission: " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    // Connector.open refuses a URL it cannot parse.
                    engine.relaysFetched(null, null, url + ": " + e.getMessage());
                }
            }
        }).start();
    }

    private static RelayList get(String url) throws IOException {
        HttpConnection c = (HttpConnection) Connector.open(url);
        InputStream in = null;
        try {
            c.setRequestMethod(HttpConnection.GET);
            int status = c.getResponseCode();
            if (status != HttpConnection.HTTP_OK) {
                throw new IOException("HTTP " + status);
            }
            in = c.openInputStream();
            return RelaysXml.read(in);
        } finally {
            if (in != null) {
                in.close();
            }
            c.close();
        }
    }
}
