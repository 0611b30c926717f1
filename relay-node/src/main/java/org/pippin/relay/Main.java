package org.pippin.relay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar pippin-relay.jar [--config FILE] [--set key=value ...] [--print-default-config]}.
 * Prints {@value #READY} once both listeners are bound; stops cleanly on SIGTERM / Ctrl-C.
 */
public final class Main {

    static final String READY = "PIPPIN RELAY READY udp=<port> tcp=<port>[ http=<port>][ tcp.extra=<port>,...]";
    private static final String USAGE = "usage: java -jar pippin-relay.jar [--config FILE] [--set key=value ...]"
            + " [--print-default-config]";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--print-default-config")) {
                try {
                    System.out.print(RelayConfig.defaultFileText());
                } catch (IOException e) {
                    exit(1, e.getMessage());
                }
                return;
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                return;
            } else if ((a.equals("--config") || a.equals("--set")) && i + 1 < args.length) {
                if (a.equals("--config")) {
                    configFile = Path.of(args[++i]);
                } else {
                    overrides.add(args[++i]);
                }
            } else {
                exit(2, "unknown or incomplete argument '" + a + "'\n" + USAGE);
            }
        }
        RelayConfig config = null;
        try {
            config = RelayConfig.load(configFile, overrides);
        } catch (RelayConfig.ConfigException e) {
            exit(2, "config: " + e.getMessage());
        }
        configureLogging(config.logLevel);
        // The logger exists only now, after the level is set.
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);
        for (String w : config.warnings) {
            log.warn("config: {}", w);
        }
        RelayServer server = null;
        try {
            server = RelayServer.start(config, MonotonicClock.INSTANCE);
        } catch (IOException e) {
            exit(1, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        RelayServer running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } finally {
                stopped.countDown();
            }
        }, "pippin-relay-shutdown"));
        List<Integer> extra = server.tcpExtraPorts();
        System.out.println("PIPPIN RELAY READY udp=" + server.udpPort() + " tcp=" + server.tcpPort()
                + (server.httpPort() > 0 ? " http=" + server.httpPort() : "")
                + (extra.isEmpty() ? "" : " tcp.extra=" + extra.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(","))));
        System.out.flush();
        stopped.await();
    }

    /** slf4j-simple reads its settings from system properties once, when the first logger is made. */
    private static void configureLogging(String level) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        // Netty's own debug output is about its internals, not calls: keep it to warnings.
        setDefault("org.slf4j.simpleLogger.log.io.netty", "error".equals(level) ? "error" : "warn");
        // Likewise dnsjava's (dynamic DNS): the relay logs each update's outcome itself.
        setDefault("org.slf4j.simpleLogger.log.org.xbill.DNS", "error".equals(level) ? "error" : "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void exit(int status, String message) {
        System.err.println("pippin-relay: " + message);
        System.exit(status);
    }
}
