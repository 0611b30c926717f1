package org.pippin.relay.ddns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pippin.protocol.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the relay's DNS name current. Every {@code ddns.check.seconds} on the relay's clock it looks up the public
 * address; only a change (or a publish that has not succeeded yet) sends an update. Failures retry after
 * {@code ddns.retry.seconds}, doubling up to {@code ddns.retry.max.seconds}; an answer that no retry can fix stops
 * the client with status STOPPED.
 *
 * <p>Lookups and updates block on the network, so they run on a thread of their own, never on the relay's event
 * loop. That thread only polls {@link #tick()} once a second; what is due is decided by the injected clock, so tests
 * call {@code tick()} after moving a fake clock and never wait for a timer.
 */
public final class DdnsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DdnsService.class);
    static final long POLL_MILLIS = 1000;
    static final long CLOSE_WAIT_MILLIS = 2000;

    private final DdnsConfig config;
    private final Clock clock;
    private final AddressSource source;
    private final Updater updater;
    private final String who;
    /** Guarded by {@code lifecycle}, not by this object: close() must not wait behind a slow check. */
    private ScheduledExecutorService thread;
    private final Object lifecycle = new Object();
    private volatile DdnsStatus status;
    private long nextCheck;
    private int failures;
    private List<InetAddress> published = List.of();
    private long publishedAt = -1;
    private boolean stopped;
    private volatile boolean closed;

    DdnsService(DdnsConfig config, Clock clock, AddressSource source, Updater updater) {
        this.config = config;
        this.clock = clock;
        this.source = source;
        this.updater = updater;
        this.who = "ddns " + config.name;
        this.nextCheck = clock.nowMillis();
        this.status = new DdnsStatus(DdnsStatus.STARTING, List.of(), -1, null, 0, nextCheck);
    }

    /** The client for {@code config} (which must be enabled); {@code relayPort} is the port SRV records carry. */
    public static DdnsService create(DdnsConfig config, Clock clock, int relayPort) {
        Updater updater = DdnsConfig.RFC2136.equals(config.protocol) ? new Rfc2136Updater(config, relayPort)
                : new Dyndns2Updater(config);
        return new DdnsService(config, clock, AddressSource.of(config), updater);
    }

    /** Starts the DDNS thread; the first check runs at once. */
    public void start() {
        synchronized (lifecycle) {
            if (thread != null || closed) {
                return;
            }
            startThread();
        }
        LOG.info("{}: started; {}", who, config);
    }

    private void startThread() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pippin-ddns");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tickSafely, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    public DdnsStatus status() {
        return status;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A thrown exception would cancel the periodic task and silently end every later check.
            LOG.error("{}: check failed", who, e);
        }
    }

    /** Does whatever is due on the clock now: nothing, an address check, or a check and an update. */
    public synchronized void tick() {
        long now = clock.nowMillis();
        if (closed || stopped || now < nextCheck) {
            return;
        }
        List<InetAddress> current;
        try {
            current = source.discover();
        } catch (IOException e) {
            failed(now, "address lookup failed: " + why(e), 0);
            return;
        }
        if (current.equals(published)) {
            nextCheck = now + config.checkSeconds * 1000L;
            setStatus(DdnsStatus.OK, null);
            return;
        }
        Updater.Outcome outcome;
        try {
            outcome = updater.update(current);
        } catch (IOException e) {
            failed(now, "update of " + addresses(current) + " failed: " + why(e), 0);
            return;
        }
        switch (outcome.kind) {
            case DONE:
                LOG.info("{}: published {} (was {}): {}", who, addresses(current),
                        published.isEmpty() ? "unpublished" : addresses(published), outcome.message);
                published = current;
                publishedAt = now;
                failures = 0;
                nextCheck = now + config.checkSeconds * 1000L;
                setStatus(DdnsStatus.OK, null);
                break;
            case FATAL:
                stopped = true;
                LOG.error("{}: update of {} refused, not retrying until restarted with a fixed configuration: {}",
                        who, addresses(current), outcome.message);
                setStatus(DdnsStatus.STOPPED, outcome.message);
                break;
            default:
                failed(now, outcome.message, outcome.minRetrySeconds);
        }
    }

    private void failed(long now, String message, int minRetrySeconds) {
        if (closed) {
            LOG.debug("{}: check cut short by shutdown: {}", who, message);
            return;
        }
        failures++;
        long backoff = (long) config.retrySeconds << Math.min(failures - 1, 20);
        long delay = Math.max(minRetrySeconds, Math.min(backoff, config.retryMaxSeconds));
        nextCheck = now + delay * 1000L;
        LOG.warn("{}: {}; attempt {} failed, next in {} s", who, message, failures, delay);
        setStatus(DdnsStatus.RETRYING, message);
    }

    private void setStatus(String state, String error) {
        status = new DdnsStatus(state, published, publishedAt, error, failures, stopped ? -1 : nextCheck);
    }

    /** Some I/O exceptions (timeouts, ICMP unreachable) carry no message; their class then says what happened. */
    private static String why(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String addresses(List<InetAddress> list) {
        StringBuilder b = new StringBuilder();
        for (InetAddress a : list) {
            b.append(b.length() == 0 ? "" : " ").append(a.getHostAddress());
        }
        return b.toString();
    }

    /**
     * Stops the DDNS thread. A check in progress is interrupted (the HTTP and DNS clients give up on interrupt) and
     * given {@value #CLOSE_WAIT_MILLIS} ms to end, so a dead DNS server cannot hold up the relay's shutdown.
     */
    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService t;
        synchronized (lifecycle) {
            t = thread;
            thread = null;
        }
        if (t == null) {
            return;
        }
        t.shutdownNow();
        try {
            if (!t.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: a check still running at shutdown was abandoned", who);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{}: stopped", who);
    }
}
