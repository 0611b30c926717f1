package org.pippin.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Wire;
import org.pippin.relay.ddns.DdnsService;
import org.pippin.relay.ddns.DdnsStatus;
import org.pippin.relay.dht.DhtService;
import org.pippin.relay.dht.RelayIdentity;
import org.pippin.relay.web.Health;
import org.pippin.relay.web.RelaySnapshot;
import org.pippin.relay.web.VoiceRate;
import org.pippin.relay.web.WebServer;
import org.pippin.relay.geo.CountryFilter;
import org.pippin.sip.SipGateway;
import org.pippin.sip.SipPasswords;
import org.pippin.relay.voicemail.Voicemail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's network side: UDP sockets and a TCP listener on the same port. One event loop thread owns all of
 * {@link Relay}'s state, runs its timer tick and serves TCP and the first UDP socket; with epoll, each further thread
 * ({@code transport.udp.sockets}, one per core by default) has a UDP socket of its own on the same port
 * ({@code SO_REUSEPORT}: the kernel spreads phones over the sockets by address, each phone always on the same one).
 * Those threads forward the voice of answered calls between UDP phones themselves ({@link VoiceRoutes}) and pass
 * everything else to the event loop, so the state stays single-threaded and free of locks while voice, nearly all
 * the packets, uses every core and every socket's receive buffer.
 *
 * <p>The pipelines, in one place:
 * <pre>
 * UDP:  [UdpHandler]                              datagram -> direct voice forwarding | event loop
 * TCP:  [StreamFrameDecoder] -> [StreamHandler]   u16-prefixed frames -> voice forwarding | signalling
 * out:  UdpEndpoint / TcpEndpoint (prefix added per frame)
 * </pre>
 * The web face ({@link WebServer}: install page, JAD/JAR, status, metrics) has its own port and thread and reads
 * this loop's state through {@link #snapshot()}.
 */
public final class RelayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);
    static final long TICK_MILLIS = 100;
    /** With listen.port=0, how often to look for a port free for both UDP and TCP. */
    private static final int EPHEMERAL_BIND_ATTEMPTS = 10;
    /**
     * Room for one datagram in an epoll batch read ({@code recvmmsg}): more than any frame the relay accepts
     * ({@link Wire#MAX_FRAME}); a longer datagram is cut and fails to decode.
     */
    private static final int MAX_DATAGRAM = 2048;
    /** Datagrams one {@code recvmmsg} call can read. */
    private static final int DATAGRAMS_PER_READ = 16;
    /**
     * Asked of the kernel per UDP socket; it grants up to net.core.rmem_max (and doubles that for its own
     * bookkeeping). What the socket holds is how long its thread may be kept off a core before datagrams drop: at
     * 4 MiB some 40 ms of a thousand calls' voice.
     */
    private static final int UDP_RECEIVE_BUFFER = 4 << 20;

    private final EventLoopGroup group;
    private final EventLoop loop;
    /** The threads of the further UDP sockets, or null when there is one socket. */
    private final EventLoopGroup voiceGroup;
    private final Relay relay;
    private final Counters counters = new Counters();
    /** The event loop's UDP socket: signalling and the voice the event loop forwards go out on it. */
    private final Channel udp;
    /** The other threads' UDP sockets on the same port; may be empty. */
    private final List<Channel> udpMore;
    private final Channel tcp;
    /** Further TCP listeners (listen.tcp.extra.ports) that could be bound, for phones whose carrier blocks the port. */
    private final List<Channel> tcpExtra;
    private final ScheduledFuture<?> ticker;
    private final String transportName;
    /** Null when ddns.protocol=off. */
    private final DdnsService ddns;
    private final Clock clock;
    private final long startedMillis;
    private final VoiceRate voiceRate = new VoiceRate();
    /** Numbers owned by keys (the embedded registrar or a client of the group); null when registrar.enabled=false. */
    private final NumberDesk numbers;
    /** The network's shared state (dht.*), or null when dht.enabled=false. */
    private final DhtService dht;
    /** Voicemail, or null when voicemail.enabled=false. */
    private final Voicemail voicemail;
    /** The web face, or null when http.enabled=false. */
    private WebServer web;
    /** The SIP side, or null when sip.enabled=false. */
    private final SipGateway sip;
    /** Owners' SIP passwords (SIP_PASSWORD), with the SIP side only. */
    private final SipPasswordDesk sipPasswords;
    private boolean closed;
    private final SecretStore secrets;

    private RelayServer(RelayConfig config, Clock clock, LongSupplier wallMillis)
            throws IOException, InterruptedException {
        CountryFilter region = CountryFilter.load(config.geo);
        boolean epoll = config.epoll && Epoll.isAvailable();
        if (config.epoll && !epoll) {
            LOG.info("epoll unavailable ({}), using NIO", Epoll.unavailabilityCause().toString());
        }
        transportName = epoll ? "epoll" : "nio";
        this.clock = clock;
        startedMillis = clock.nowMillis();
        voiceRate.sample(startedMillis, 0, 0);
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pippin-relay"), io);
        loop = group.next();
        int udpSockets = epoll ? config.udpSockets() : 1;
        voiceGroup = udpSockets > 1 ? new MultiThreadIoEventLoopGroup(udpSockets - 1,
                new DefaultThreadFactory("pippin-voice"), io) : null;
        try {
            secrets = new SecretStore(config.dataDir, config.maxNumbers, loop);
        } catch (IOException e) {
            shutDownLoops();
            throw e;
        }
        relay = new Relay(config, clock, secrets, counters, region);
        Channel[] bound;
        NumberDesk desk = null;
        DhtService network = null;
        Voicemail vm = null;
        try {
            if (config.voicemail.enabled) {
                vm = Voicemail.open(config.voicemail, clock, wallMillis, loop);
                relay.setVoicemail(vm);
            }
            if (config.registrar.enabled) {
                long t0 = System.nanoTime();
                desk = NumberDesk.start(config.registrar, loop);
                LOG.info("registrar {} in {} ms", config.registrar.isMember() ? "member started" : "client ready",
                        (System.nanoTime() - t0) / 1_000_000);
            }
            relay.setNumberDesk(desk);
            if (config.dht.enabled) {
                network = DhtService.start(config.dht, RelayIdentity.loadOrCreate(config.dataDir),
                        config.web.uplinkKbps, config.dataDir, loop, clock, System::currentTimeMillis);
                relay.setNetwork(network, new PeerLinks(relay, network.identity(), loop,
                        epoll ? EpollSocketChannel.class : NioSocketChannel.class, clock, config.keepaliveSeconds,
                        region));
                network.setLoad(relay.load());
            }
            bound = bind(config, epoll, udpSockets);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (desk != null) {
                desk.close();
            }
            if (network != null) {
                network.close();
            }
            if (vm != null) {
                vm.close();
            }
            secrets.close();
            shutDownLoops();
            throw e;
        }
        numbers = desk;
        dht = network;
        voicemail = vm;
        udp = bound[0];
        udpMore = List.of(bound).subList(1, udpSockets);
        tcp = bound[udpSockets];
        tcpExtra = List.of(bound).subList(udpSockets + 1, bound.length);
        relay.setUdpEndpoints(address -> new UdpEndpoint(udp, address));
        SipGateway gateway = null;
        if (config.sip.enabled) {
            try {
                gateway = SipGateway.start(config.sip, loop, epoll ? EpollDatagramChannel.class
                        : NioDatagramChannel.class, clock, new LocalLines(relay, "sip"),
                        new SipPasswords(config.dataDir, config.sip.realm));
            } catch (IOException e) {
                for (Channel c : bound) {
                    c.close().syncUninterruptibly();
                }
                if (desk != null) {
                    desk.close();
                }
                secrets.close();
                shutDownLoops();
                throw e;
            }
        }
        sip = gateway;
        sipPasswords = gateway != null ? new SipPasswordDesk(config.dataDir, config.sip.realm, loop) : null;
        relay.setSipPasswords(sipPasswords);
        ticker = loop.scheduleAtFixedRate(this::tickSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        ddns = config.ddns.enabled() ? DdnsService.create(config.ddns, clock, udpPort()) : null;
        if (ddns != null) {
            ddns.start();
        }
        LOG.info("relay up on udp {}{} and tcp {}{} ({}), {} numbers known; serving {}; {}", udp.localAddress(),
                udpSockets > 1 ? " (" + udpSockets + " sockets)" : "", tcp.localAddress(),
                tcpExtra.isEmpty() ? "" : " and tcp " + tcpExtraPorts(), transportName, secrets.size(), region,
                config);
    }

    /** Binds both listeners and the web face; the relay answers nothing until this returns. */
    public static RelayServer start(RelayConfig config, Clock clock) throws IOException, InterruptedException {
        return start(config, clock, System::currentTimeMillis);
    }

    /** As {@link #start(RelayConfig, Clock)}, with the wall clock that dates voicemail (tests move it). */
    static RelayServer start(RelayConfig config, Clock clock, LongSupplier wallMillis)
            throws IOException, InterruptedException {
        RelayServer server = new RelayServer(config, clock, wallMillis);
        if (config.web.enabled) {
            try {
                server.web = WebServer.start(config.web, config.listenAddress, server.udpPort(), server.counters,
                        server::snapshot, List.of(server.dht != null ? server.dht : Health.notConfigured("DHT"),
                        server.numbers != null ? server.numbers : Health.notConfigured("Registrar")));
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        }
        return server;
    }

    private void shutDownLoops() {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        if (voiceGroup != null) {
            voiceGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** The UDP sockets (the event loop's first), then the TCP listener, then the extra TCP listeners. */
    private Channel[] bind(RelayConfig config, boolean epoll, int udpSockets)
            throws IOException, InterruptedException {
        Class<? extends DatagramChannel> udpClass = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        Class<? extends ServerChannel> tcpClass = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        Bootstrap udpBootstrap = new Bootstrap().group(loop)
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast("udp", new UdpHandler(relay, counters, loop, clock));
                    }
                });
        if (epoll && isIpv4(config.listenAddress)) {
            // An IPv4 socket: senders come as IPv4 addresses, which Netty need not convert from IPv4-mapped IPv6
            // ones for every datagram (a dual-stack socket bound to an IPv4 address serves IPv4 only anyway).
            udpBootstrap.channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET));
        } else {
            udpBootstrap.channel(udpClass);
        }
        if (epoll) {
            // Batch reads: one recvmmsg fills up to DATAGRAMS_PER_READ slots of one pooled buffer.
            udpBootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                    .option(ChannelOption.RECVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ));
        }
        if (udpSockets > 1) {
            udpBootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        ServerBootstrap tcpBootstrap = new ServerBootstrap().group(loop, loop).channel(tcpClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Small: a GPRS link drains a few kB per second, and queued voice only grows the delay.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(2048, 8192))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("frames", new StreamFrameDecoder(Wire.MAX_FRAME));
                        p.addLast("phone", new StreamHandler(relay));
                    }
                });
        int attempts = config.listenPort == 0 ? EPHEMERAL_BIND_ATTEMPTS : 1;
        for (int i = 1; ; i++) {
            Channel u = bindOne(udpBootstrap.bind(config.listenAddress, config.listenPort), "udp", config);
            int port = ((InetSocketAddress) u.localAddress()).getPort();
            List<Channel> all = new ArrayList<>(List.of(u));
            try {
                for (int k = 1; k < udpSockets; k++) {
                    all.add(bindOne(udpBootstrap.clone(voiceGroup.next()).bind(config.listenAddress, port), "udp",
                            config));
                }
                all.add(bindOne(tcpBootstrap.bind(config.listenAddress, port), "tcp", config));
                all.addAll(bindExtra(tcpBootstrap, config));
                return all.toArray(new Channel[0]);
            } catch (IOException e) {
                for (Channel c : all) {
                    c.close().sync();
                }
                if (i >= attempts) {
                    throw e;
                }
                // UDP got an ephemeral port whose TCP twin is taken: phones need one port for both, try another.
                // (Epoll reports EADDRINUSE as a plain IOException, not a BindException.)
            }
        }
    }

    /** Whether {@code address} is an IPv4 literal (listen.address is an address, never a name to look up). */
    private static boolean isIpv4(String address) {
        return address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /**
     * The extra TCP ports that can be bound. One that cannot (taken, or below 1024 without the privilege) is a
     * warning: phones still have the main port, and the operator learns which fallback is missing.
     */
    private static List<Channel> bindExtra(ServerBootstrap tcpBootstrap, RelayConfig config)
            throws InterruptedException {
        List<Channel> out = new ArrayList<>();
        for (int port : config.tcpExtraPorts) {
            ChannelFuture f = tcpBootstrap.bind(config.listenAddress, port).await();
            if (f.isSuccess()) {
                out.add(f.channel());
            } else {
                LOG.warn("cannot listen on extra tcp port {} ({}:{}): {}; phones cannot fall back to it", port,
                        config.listenAddress, port, f.cause().getMessage());
            }
        }
        return out;
    }

    private static Channel bindOne(ChannelFuture f, String what, RelayConfig config)
            throws IOException, InterruptedException {
        f.await();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            String text = "cannot bind " + what + " " + config.listenAddress + ":" + config.listenPort + ": "
                    + cause.getMessage();
            if (cause instanceof BindException) {
                BindException b = new BindException(text);
                b.initCause(cause);
                throw b;
            }
            throw new IOException(text, cause);
        }
        return f.channel();
    }

    private void tickSafely() {
        try {
            onTick();
        } catch (RuntimeException e) {
            // A thrown exception would cancel the periodic task and with it every timer of the relay.
            LOG.error("timer tick failed", e);
        }
    }

    /** Timers, then a sample of the voice counters for the bandwidth window. Event loop only. */
    private void onTick() {
        relay.tick();
        if (sip != null) {
            sip.tick();
        }
        voiceRate.sample(clock.nowMillis(), counters.get(Counters.Name.VOICE_FORWARDED),
                counters.get(Counters.Name.VOICE_FORWARDED_BYTES));
    }

    /** Phones, calls, voice rate and uptime, taken together on the event loop; completes there. */
    public Future<RelaySnapshot> snapshot() {
        return loop.submit(() -> {
            long now = clock.nowMillis();
            long bps = voiceRate.bitsPerSecond(now, counters.get(Counters.Name.VOICE_FORWARDED),
                    counters.get(Counters.Name.VOICE_FORWARDED_BYTES));
            return new RelaySnapshot(relay.attachedCount(), relay.callCount(), bps, now - startedMillis,
                    relay.relayList());
        });
    }

    /** The web face's port, or 0 when it is off. */
    public int httpPort() {
        return web == null ? 0 : web.port();
    }

    public int udpPort() {
        return ((InetSocketAddress) udp.localAddress()).getPort();
    }

    /** The SIP side's UDP port, or 0 when it is off. */
    public int sipPort() {
        return sip == null ? 0 : sip.port();
    }

    public int tcpPort() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    /** The extra TCP ports actually listened on, in configuration order. */
    public List<Integer> tcpExtraPorts() {
        List<Integer> ports = new ArrayList<>();
        for (Channel c : tcpExtra) {
            ports.add(((InetSocketAddress) c.localAddress()).getPort());
        }
        return ports;
    }

    public String transportName() {
        return transportName;
    }

    /** The dynamic-DNS client's state, for status pages and health checks. */
    public DdnsStatus ddnsStatus() {
        return ddns == null ? DdnsStatus.DISABLED : ddns.status();
    }

    /** The registrar's state for status and tests: "leader, 1 member", "client, 3 members", "not configured". */
    public String registrarHealth() {
        return numbers == null ? "not configured" : numbers.detail();
    }

    public Counters counters() {
        return counters;
    }

    /** Voicemail (null when voicemail.enabled=false), for its counts in tests and status. */
    Voicemail voicemail() {
        return voicemail;
    }

    /** Runs one timer tick now, on the event loop, and waits for it: lets tests drive a fake clock. */
    public void tick() throws InterruptedException {
        onLoop(() -> {
            onTick();
            return null;
        });
    }

    /** Phones attached right now (read on the event loop). */
    public int attachedPhones() throws InterruptedException {
        return onLoop(relay::attachedCount);
    }

    /** Calls in progress right now (read on the event loop). */
    public int activeCalls() throws InterruptedException {
        return onLoop(relay::callCount);
    }

    private <T> T onLoop(Callable<T> task) throws InterruptedException {
        try {
            return loop.submit(task).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("event loop task failed", e.getCause());
        }
    }

    /**
     * Ends calls in progress with BYE RELAY_SHUTDOWN, closes both listeners and stops the event loop. Waits without
     * giving in to interrupts: a shutdown cut short would leave phones in calls that no longer exist.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (web != null) {
            web.close();
        }
        ticker.cancel(false);
        if (ddns != null) {
            ddns.close();
        }
        // The other threads' sockets first: their phones' datagrams then reach the event loop's socket, which is
        // open until the BYEs are out.
        for (Channel c : udpMore) {
            c.close().syncUninterruptibly();
        }
        if (voiceGroup != null) {
            voiceGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        loop.submit(relay::shutdown).syncUninterruptibly();
        if (sip != null) {
            // After the relay's shutdown, whose BYEs reach SIP phones through the SIP side.
            sip.close();
            sipPasswords.close();
        }
        if (voicemail != null) {
            voicemail.close(); // messages of the calls just ended reach the disk before the loop stops
        }
        // Bindings being written reach the disk; their answers go out on the loop before it stops.
        secrets.close();
        // Written BYEs are flushed before the channels close: close runs after them on the same loop.
        udp.close().syncUninterruptibly();
        tcp.close().syncUninterruptibly();
        for (Channel c : tcpExtra) {
            c.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (dht != null) {
            dht.close();
        }
        if (numbers != null) {
            try {
                numbers.close();
            } catch (IOException e) {
                LOG.warn("registrar did not stop cleanly: {}", e.getMessage());
            }
        }
        LOG.info("relay stopped; {}", counters);
    }
}
