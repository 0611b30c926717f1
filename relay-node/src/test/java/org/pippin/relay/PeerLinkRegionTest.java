package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.IdentityKey;
import org.pippin.relay.geo.CountryFilter;

/**
 * Outgoing relay links obey the country filter as incoming connections do: the address a presence record names is
 * dialled only when it is inside the network's countries. Real TCP listeners on loopback addresses stand for the
 * other relays; the filter serves 127.0.0.1 alone (a CIDR file of the operator's, loopback not served as such).
 */
class PeerLinkRegionTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static IdentityKey newKey() {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        return IdentityKey.fromSecret(secret);
    }

    /** PeerLinks of a relay whose network serves {@code cidr} alone. */
    private PeerLinks links(String cidr) throws Exception {
        Path file = dir.resolve("ops-" + RANDOM.nextInt(1_000_000) + ".cidr");
        Files.writeString(file, cidr + "\n");
        RelayConfig config = RelayConfig.of("data.dir=" + dir, "network.countries=", "geo.files=" + file,
                "geo.allow.loopback=false", "geo.allow.private=false");
        CountryFilter region = CountryFilter.load(config.geo);
        FakeClock clock = new FakeClock();
        Relay relay = new Relay(config, clock, new SecretStore(dir, 10, Runnable::run, Runnable::run),
                new Counters(), region);
        PeerLinks peers = new PeerLinks(relay, newKey(), group.next(), NioSocketChannel.class, clock, 25, region);
        relay.setNetwork(null, peers);
        return peers;
    }

    /** Asks for a link to {@code address}; what {@code then} got (empty: null, the link failed). */
    private CompletableFuture<Optional<Session>> link(PeerLinks peers, String address) {
        CompletableFuture<Optional<Session>> got = new CompletableFuture<>();
        byte[] key = newKey().publicKey();
        group.next().execute(() -> peers.link(key, address, s -> got.complete(Optional.ofNullable(s))));
        return got;
    }

    @Test
    void anAddressOutsideTheCountriesIsNeverDialled() throws Exception {
        PeerLinks peers = links("127.0.0.1/32");
        try (ServerSocket outside = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.9"))) {
            outside.setSoTimeout(300);
            CompletableFuture<Optional<Session>> got = link(peers, "127.0.0.9:" + outside.getLocalPort());
            assertEquals(Optional.empty(), got.get(5, TimeUnit.SECONDS));
            assertThrows(SocketTimeoutException.class, outside::accept, "no connection was even tried");
        }
    }

    @Test
    void aNameThatResolvesOutsideIsDroppedBeforeTheHandshake() throws Exception {
        PeerLinks peers = links("127.0.0.9/32");
        try (ServerSocket relay = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            relay.setSoTimeout(5000);
            CompletableFuture<Optional<Session>> got = link(peers, "localhost:" + relay.getLocalPort());
            try (Socket s = relay.accept()) {
                s.setSoTimeout(5000);
                assertEquals(-1, s.getInputStream().read(), "closed without a byte of PEER_HELLO");
            }
            assertEquals(Optional.empty(), got.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void anAddressInsideIsDialledAndGreeted() throws Exception {
        PeerLinks peers = links("127.0.0.1/32");
        try (ServerSocket relay = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            relay.setSoTimeout(5000);
            CompletableFuture<Optional<Session>> got = link(peers, "127.0.0.1:" + relay.getLocalPort());
            try (Socket s = relay.accept()) {
                s.setSoTimeout(5000);
                assertNotNull(s.getInputStream().readNBytes(2), "PEER_HELLO's length");
                assertEquals(org.pippin.protocol.Wire.PEER_HELLO, s.getInputStream().readNBytes(2)[1]);
            }
            assertNull(got.getNow(null), "still waiting for the other relay's PEER_CHALLENGE");
        }
    }
}
