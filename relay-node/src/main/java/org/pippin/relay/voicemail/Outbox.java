package org.pippin.relay.voicemail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.pippin.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails waiting to go out, one file per message ({@code outbox/<id>.job}: the address and whether to delete the
 * message once mailed), written before the message itself so no saved message misses its email, and removed only
 * after the SMTP server accepted it. A job whose message never got saved (a crash between the two) is dropped when
 * the outbox opens. Failed sends wait and try again, the wait doubling from {@code retry.seconds} up to
 * {@code retry.max.seconds} (injected clock), and a restart tries every job at once.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final String JOB = ".job";

    /** One email to send. {@code attempts} and {@code dueMillis} (monotonic) live in memory only. */
    static final class Job {
        final long id;
        final String to;
        final boolean deleteAfter;
        int attempts;
        long dueMillis;
        boolean inFlight;

        Job(long id, String to, boolean deleteAfter) {
            this.id = id;
            this.to = to;
            this.deleteAfter = deleteAfter;
        }
    }

    private final Path dir;
    private final Map<Long, Job> jobs = new LinkedHashMap<>();

    private Outbox(Path dir) {
        this.dir = dir;
    }

    /** Opens the outbox, dropping jobs whose message {@code store} does not hold. */
    static Outbox open(Path dir, MessageStore store) throws IOException {
        Files.createDirectories(dir);
        Outbox o = new Outbox(dir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(files::add);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(DurableFiles.TMP)) {
                DurableFiles.deleteDurably(f);
                continue;
            }
            if (!name.endsWith(JOB)) {
                continue;
            }
            Job j = read(f);
            if (j == null || store.info(j.id) == null) {
                LOG.info("voicemail outbox: dropping {}: {}", f.getFileName(), j == null ? "unreadable"
                        : "its message was never saved or is gone");
                DurableFiles.deleteDurably(f);
                continue;
            }
            o.jobs.put(j.id, j);
        }
        return o;
    }

    private static Job read(Path f) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
        try {
            long id = Long.parseUnsignedLong(p.getProperty("id", ""), 16);
            String to = p.getProperty("to", "");
            if (!org.pippin.identity.VoicemailSettings.isValidEmail(to)) {
                return null;
            }
            return new Job(id, to, Boolean.parseBoolean(p.getProperty("delete.after", "false")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Path file(long id) {
        return dir.resolve(Wire.messageIdHex(id) + JOB);
    }

    /** Durably records an email to send (worker); due at once. */
    void add(Job j) throws IOException {
        String text = "id=" + Wire.messageIdHex(j.id) + "\nto=" + j.to + "\ndelete.after=" + j.deleteAfter + "\n";
        DurableFiles.writeAtomically(file(j.id), text.getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            jobs.put(j.id, j);
        }
    }

    /** Jobs due at {@code nowMillis} that are not being sent; each is marked in flight. */
    synchronized List<Job> takeDue(long nowMillis) {
        List<Job> due = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (!j.inFlight && j.dueMillis <= nowMillis) {
                j.inFlight = true;
                due.add(j);
            }
        }
        return due;
    }

    /** The server accepted the email: the job goes, durably (worker). */
    void sent(Job j) throws IOException {
        synchronized (this) {
            jobs.remove(j.id);
        }
        DurableFiles.deleteDurably(file(j.id));
    }

    /** A send failed: try again after the backoff; returns the wait in ms. */
    synchronized long failed(Job j, long nowMillis, long firstMillis, long maxMillis) {
        j.attempts++;
        long wait = firstMillis << Math.min(20, j.attempts - 1);
        wait = Math.min(wait, maxMillis);
        j.dueMillis = nowMillis + wait;
        j.inFlight = false;
        return wait;
    }

    /** The message is gone (deleted by its owner, expired): its email will not be sent (worker). */
    void drop(long id) throws IOException {
        synchronized (this) {
            jobs.remove(id);
        }
        DurableFiles.deleteDurably(file(id));
    }

    synchronized int size() {
        return jobs.size();
    }
}
