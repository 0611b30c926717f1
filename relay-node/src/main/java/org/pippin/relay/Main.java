package org.pippin.relay;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.pippin.protocol.Numbers;
import org.pippin.sip.SipGateway;
import org.pippin.sip.SipPasswords;

/**
 * {@code java -jar pippin-relay.jar [--config FILE] [--set key=value ...] [--print-default-config]}.
 * Prints {@value #READY} once both listeners are bound; stops cleanly on SIGTERM / Ctrl-C.
 * {@code java -jar pippin-relay.jar sip-password NUMBER [--config FILE] [--set key=value ...]} sets the SIP password of
 * a number (read from the terminal, or the first line of standard input) and exits.
 */
public final class Main {

    static final String READY = "PIPPIN RELAY READY udp=<port> tcp=<port>[ http=<port>][ tcp.extra=<port>,...][ sip=<port>]";
    private static final String USAGE = "usage: java -jar pippin-relay.jar [--config FILE] [--set key=value ...]"
            + " [--print-default-config]\n       java -jar pippin-relay.jar sip-password NUMBER [--config FILE]"
            + " [--set key=value ...]";
    /** Shorter SIP passwords fall to a guessing tool against the digest in minutes. */
    static final int MIN_SIP_PASSWORD = 10;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = null;
        List<String> overrides = new ArrayList<>();
        String sipPasswordFor = null;
        int first = 0;
        if (args.length > 0 && args[0].equals("sip-password")) {
            if (args.length < 2) {
                exit(2, "sip-password needs a NUMBER\n" + USAGE);
            }
            sipPasswordFor = args[1];
            first = 2;
        }
        for (int i = first; i < args.length; i++) {
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
        if (sipPasswordFor != null) {
            setSipPassword(config, sipPasswordFor);
            return;
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
                        .collect(java.util.stream.Collectors.joining(",")))
                + (server.sipPort() > 0 ? " sip=" + server.sipPort() : ""));
        System.out.flush();
        stopped.await();
    }

    /** {@code sip-password NUMBER}: asks for the password twice on a terminal, else reads one line of stdin. */
    private static void setSipPassword(RelayConfig config, String number) {
        if (number.isEmpty() || !Numbers.isValid(number)) {
            exit(2, "'" + number + "' is not a phone number");
        }
        String password;
        Console console = System.console();
        if (console != null) {
            char[] a = console.readPassword("SIP password for %s: ", number);
            char[] b = console.readPassword("again: ");
            if (a == null || b == null || !Arrays.equals(a, b)) {
                exit(2, "the passwords differ");
            }
            password = new String(a);
        } else {
            try {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                exit(1, "cannot read the password: " + e.getMessage());
                return;
            }
        }
        if (password == null || password.length() < MIN_SIP_PASSWORD) {
            exit(2, "a SIP password needs at least " + MIN_SIP_PASSWORD + " characters");
        }
        try {
            new SipPasswords(config.dataDir, config.sip.realm).set(number, password);
        } catch (IOException e) {
            exit(1, "cannot store the password under " + config.dataDir + ": " + e.getMessage());
        }
        System.out.println("SIP password of " + number + " set (realm " + config.sip.realm + ", "
                + config.dataDir.resolve(SipPasswords.FILE) + ")");
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
        // JAIN-SIP (the SIP side) warns about its unused TLS defaults at start; the relay logs registrations and calls.
        setDefault("org.slf4j.simpleLogger.log." + SipGateway.STACK_LOGGER_PREFIX, "debug".equals(level)
                || "trace".equals(level) ? level : "error");
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
