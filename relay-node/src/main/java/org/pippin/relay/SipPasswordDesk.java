package org.pippin.relay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.pippin.sip.SipPasswords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the SIP passwords (HA1) owners set with SIP_PASSWORD into the SIP side's password file, on a writer thread of
 * its own (the loop never touches the disk), one write at a time; the answer comes back on the loop. The SIP side
 * re-reads the file when it changes, so a password set here works for the next REGISTER.
 */
final class SipPasswordDesk implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipPasswordDesk.class);

    private final SipPasswords passwords;
    private final Executor loop;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pippin-sip-passwords");
        t.setDaemon(true);
        return t;
    });

    SipPasswordDesk(Path dataDir, String realm, Executor loop) {
        this.passwords = new SipPasswords(dataDir, realm);
        this.loop = loop;
    }

    String realm() {
        return passwords.realm();
    }

    /** Sets {@code number}'s HA1 (null: removes it); {@code done} hears on the loop whether it is on disk. */
    void set(String number, byte[] ha1, Consumer<Boolean> done) {
        writer.execute(() -> {
            boolean ok;
            try {
                passwords.setHa1(number, ha1);
                ok = true;
            } catch (IOException e) {
                LOG.error("cannot write the SIP password of {} to {}: {}", number, passwords, e.toString());
                ok = false;
            }
            boolean written = ok;
            loop.execute(() -> done.accept(written));
        });
    }

    /** Writes still queued reach the disk first. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("SIP password writes still running after 5 s; the relay stops without them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
