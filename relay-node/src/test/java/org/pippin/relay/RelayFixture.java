package org.pippin.relay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A relay started in-process on 127.0.0.1, port 0, with a fake clock and the given config overrides. */
final class RelayFixture implements AutoCloseable {

    final FakeClock clock = new FakeClock();
    /** The wall clock that dates voicemail; tests move it to expire messages. */
    final AtomicLong wallMillis = new AtomicLong(System.currentTimeMillis());
    final RelayServer server;
    final int port;

    RelayFixture(Path dataDir, String... overrides) throws Exception {
        // No extra TCP port unless a test asks: 443 is one per machine, and tests run side by side. No registrar
        // unless a test asks (NumbersTest): its port is one per machine too, and the secret path needs none. No
        // voicemail unless a test asks (VoicemailTest): the others check the rejections it would replace.
        List<String> all = new ArrayList<>(List.of("listen.address=127.0.0.1", "listen.port=0",
                "http.port=0", "listen.tcp.extra.ports=", "data.dir=" + dataDir, "registrar.enabled=false",
                "voicemail.enabled=false",
                // Every test phone speaks from 127.0.0.1: flood limits only where a test sets them (FloodTest).
                "floods.attach.max=1000000", "floods.invite.max=1000000", "floods.session.invite.max=1000000",
                "floods.answers.max=1000000",
                // One UDP socket unless a test asks (UdpSocketsTest): datagrams of two phones reaching two sockets
                // may be handled out of the order they were sent, and the fake clock never retransmits.
                "transport.udp.sockets=1"));
        all.addAll(List.of(overrides));
        server = RelayServer.start(RelayConfig.load(null, all), clock, wallMillis::get);
        if (server.udpPort() != server.tcpPort()) {
            throw new AssertionError("udp and tcp ports differ: " + server.udpPort() + " " + server.tcpPort());
        }
        port = server.udpPort();
    }

    long counter(Counters.Name name) {
        return server.counters().get(name);
    }

    /** Moves the fake clock and runs the relay's timers once. */
    void advance(long seconds) throws InterruptedException {
        clock.advanceSeconds(seconds);
        server.tick();
    }

    /**
     * Waits until {@code value} reaches {@code expected}: for effects of packets that produce no answer (drops),
     * where there is nothing to wait for but the relay's own account. Polls; no timer is involved.
     */
    static void awaitValue(long expected, LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + TestPhone.WAIT_SECONDS * 1_000_000_000L;
        while (value.getAsLong() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + ", still " + value.getAsLong());
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
