package org.pippin.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which secret owns which number: the first REGISTER of a number binds it, later ones must present the same secret.
 * Only a salted SHA-256 is kept. Secrets are device-generated random bytes (up to 32), so a slow password hash would
 * buy nothing but would let a REGISTER flood stall the event loop.
 *
 * <p>File {@value #FILE} in the data dir, one line per number: {@code number salt-hex sha256(salt||secret)-hex}.
 * Every change rewrites it crash-safely: write a temp file, fsync it, atomically rename it over the old one, fsync
 * the directory; the file is readable by its owner only.
 *
 * <p>The writes happen on a writer thread of the store's own, never on the event loop: a rewrite costs time in
 * proportion to the numbers known, and a REGISTER flood must not stall the relay. New bindings that arrive while a
 * write is under way wait and go together in the next one, so a flood costs a few writes, not one per REGISTER. A
 * binding is answered (BOUND) only once the write holding it is durable, so a phone never learns of a number that a
 * crash could take back; until then the number counts as taken by its secret (another secret is refused at once).
 * Not thread-safe apart from the writer: the relay's event loop owns the state and gets every answer on itself.
 */
final class SecretStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SecretStore.class);

    static final String FILE = "secrets.txt";
    private static final int SALT_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final Path file;
    private final int maxNumbers;
    private final SecureRandom random = new SecureRandom();
    /** Durable bindings: number -> {salt, hash}. */
    private final Map<String, byte[][]> entries = new HashMap<>();
    /** Bindings waiting for the next write, and those in the write under way; each with who waits for it. */
    private Map<String, Binding> waiting = new LinkedHashMap<>();
    private Map<String, Binding> writing = new LinkedHashMap<>();
    /** Where answers run: the relay's event loop. */
    private final Executor loop;
    private final Executor writer;
    /** The writer thread the store made itself (null when given one), stopped by {@link #close}. */
    private final ExecutorService ownWriter;
    private long writes;

    /**
     * MATCH: the secret is the number's; BOUND: the number is now the secret's, durably; MISMATCH: another secret has
     * it; FULL: limits.numbers reached; FAILED: the write failed, nothing is bound (the phone may try again).
     */
    enum Result { MATCH, BOUND, MISMATCH, FULL, FAILED }

    /** A binding not yet durable. */
    private static final class Binding {
        final byte[] salt;
        final byte[] hash;
        final List<Consumer<Result>> waiters = new ArrayList<>();

        Binding(byte[] salt, byte[] hash) {
            this.salt = salt;
            this.hash = hash;
        }
    }

    /**
     * Opens the store in {@code dir} (read on the calling thread); answers run on {@code loop}, which must be the
     * only thread that calls the store.
     */
    SecretStore(Path dir, int maxNumbers, Executor loop) throws IOException {
        this(dir, maxNumbers, loop, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pippin-secrets");
            t.setDaemon(true);
            return t;
        }));
    }

    /**
     * With the writer given (tests: the calling thread, so the store is synchronous, or one they hold to see what
     * waits for a write).
     */
    SecretStore(Path dir, int maxNumbers, Executor loop, Executor writer) throws IOException {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.maxNumbers = maxNumbers;
        this.loop = loop;
        this.writer = writer;
        this.ownWriter = writer instanceof ExecutorService ? (ExecutorService) writer : null;
        Files.createDirectories(dir);
        try {
            load();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Whether a secret has the number (durably, or in a write the store is making). */
    boolean isKnown(String number) {
        return entries.containsKey(number) || waiting.containsKey(number) || writing.containsKey(number);
    }

    /** Numbers bound durably. */
    int size() {
        return entries.size();
    }

    /** Files written so far (each holds every binding that was waiting when it started). */
    long writes() {
        return writes;
    }

    /**
     * Checks {@code secret} for {@code number}, binding it when the number is new. {@code done} gets the result on
     * the loop: at once for MATCH, MISMATCH and FULL, and for a new number once the write holding it is durable
     * (BOUND, or FAILED). The same secret again while its binding waits is answered MATCH with it.
     */
    void bind(String number, byte[] secret, Consumer<Result> done) {
        byte[][] e = entries.get(number);
        if (e != null) {
            done.accept(MessageDigest.isEqual(e[1], hash(e[0], secret)) ? Result.MATCH : Result.MISMATCH);
            return;
        }
        Binding b = waiting.containsKey(number) ? waiting.get(number) : writing.get(number);
        if (b != null) {
            if (MessageDigest.isEqual(b.hash, hash(b.salt, secret))) {
                b.waiters.add(r -> done.accept(r == Result.BOUND ? Result.MATCH : r));
            } else {
                done.accept(Result.MISMATCH);
            }
            return;
        }
        if (entries.size() + waiting.size() + writing.size() >= maxNumbers) {
            done.accept(Result.FULL);
            return;
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        b = new Binding(salt, hash(salt, secret));
        b.waiters.add(done);
        waiting.put(number, b);
        if (writing.isEmpty()) {
            startWrite();
        }
    }

    /** On the loop: writes every durable binding and every waiting one, on the writer. */
    private void startWrite() {
        Map<String, Binding> batch = waiting;
        waiting = new LinkedHashMap<>();
        writing = batch;
        String text = fileText(batch);
        writer.execute(() -> {
            IOException failure = null;
            try {
                save(text);
            } catch (IOException ex) {
                failure = ex;
            }
            IOException f = failure;
            loop.execute(() -> written(batch, f));
        });
    }

    /** On the loop: the write of {@code batch} is durable (or failed); answers its waiters, starts the next. */
    private void written(Map<String, Binding> batch, IOException failure) {
        writes++;
        writing = new LinkedHashMap<>();
        if (failure != null) {
            LOG.error("cannot store {} new numbers' secrets in {}: {}", batch.size(), file, failure.getMessage());
        }
        for (Map.Entry<String, Binding> e : batch.entrySet()) {
            Binding b = e.getValue();
            if (failure == null) {
                entries.put(e.getKey(), new byte[][] {b.salt, b.hash});
            }
            // Not durable, so not bound: the phone retries.
            for (Consumer<Result> w : b.waiters) {
                w.accept(failure == null ? Result.BOUND : Result.FAILED);
            }
        }
        if (!waiting.isEmpty()) {
            startWrite();
        }
    }

    /** Whether {@code secret} matches without binding anything (for a REGISTER from an address with no session). */
    boolean wouldAccept(String number, byte[] secret) {
        byte[][] e = entries.get(number);
        if (e != null) {
            return MessageDigest.isEqual(e[1], hash(e[0], secret));
        }
        Binding b = waiting.containsKey(number) ? waiting.get(number) : writing.get(number);
        if (b != null) {
            return MessageDigest.isEqual(b.hash, hash(b.salt, secret));
        }
        return entries.size() + waiting.size() + writing.size() < maxNumbers;
    }

    /** Waits for the write under way and any it queued; later answers are not delivered. */
    @Override
    public void close() {
        if (ownWriter == null) {
            return;
        }
        ownWriter.shutdown();
        try {
            if (!ownWriter.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("secret store: a write to {} did not finish within 10 s", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] hash(byte[] salt, byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private void load() throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                if (f.length != 3) {
                    throw new IOException(file + ":" + lineNo + ": expected 'number salt hash'");
                }
                try {
                    entries.put(f[0], new byte[][] {HEX.parseHex(f[1]), HEX.parseHex(f[2])});
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        } catch (NoSuchFileException e) {
            // First start: nothing bound yet.
        }
    }

    /** The whole file: the durable bindings and {@code batch}, by number. */
    private String fileText(Map<String, Binding> batch) {
        Map<String, byte[][]> all = new TreeMap<>(entries);
        for (Map.Entry<String, Binding> e : batch.entrySet()) {
            all.put(e.getKey(), new byte[][] {e.getValue().salt, e.getValue().hash});
        }
        StringBuilder sb = new StringBuilder(all.size() * 90);
        for (Map.Entry<String, byte[][]> e : all.entrySet()) {
            sb.append(e.getKey()).append(' ').append(HEX.formatHex(e.getValue()[0])).append(' ')
                    .append(HEX.formatHex(e.getValue()[1])).append('\n');
        }
        return sb.toString();
    }

    /** On the writer: replaces the file by {@code text}, durably. */
    private void save(String text) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        FileAttribute<?>[] ownerOnly = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(tmp, options, ownerOnly)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename is durable only once the directory entry is on disk.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
