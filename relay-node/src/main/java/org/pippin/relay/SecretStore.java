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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which secret owns which number: the first REGISTER of a number binds it, later ones must present the same secret.
 * Only a salted SHA-256 is kept. Secrets are device-generated random bytes (up to 32), so a slow password hash would
 * buy nothing but would let a REGISTER flood stall the event loop.
 *
 * <p>File {@value #FILE} in the data dir, one line per number: {@code number salt-hex sha256(salt||secret)-hex}.
 * Every change rewrites it crash-safely: write a temp file, fsync it, atomically rename it over the old one, fsync
 * the directory; the file is readable by its owner only. Not thread-safe: the relay's event loop owns it, and a
 * first registration costs that loop one synchronous write (milliseconds; rare, and simpler than a writer thread).
 */
final class SecretStore {

    static final String FILE = "secrets.txt";
    private static final int SALT_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final Path file;
    private final int maxNumbers;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[][]> entries = new HashMap<>(); // number -> {salt, hash}

    enum Result { MATCH, BOUND, MISMATCH, FULL }

    SecretStore(Path dir, int maxNumbers) throws IOException {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.maxNumbers = maxNumbers;
        Files.createDirectories(dir);
        load();
    }

    boolean isKnown(String number) {
        return entries.containsKey(number);
    }

    int size() {
        return entries.size();
    }

    /** Checks {@code secret} for {@code number}, binding it (and persisting) when the number is new. */
    Result verifyOrBind(String number, byte[] secret) throws IOException {
        byte[][] e = entries.get(number);
        if (e != null) {
            return MessageDigest.isEqual(e[1], hash(e[0], secret)) ? Result.MATCH : Result.MISMATCH;
        }
        if (entries.size() >= maxNumbers) {
            return Result.FULL;
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        entries.put(number, new byte[][] {salt, hash(salt, secret)});
        try {
            save();
        } catch (IOException ex) {
            entries.remove(number); // not durable, so not bound: the phone retries
            throw ex;
        }
        return Result.BOUND;
    }

    /** Whether {@code secret} matches without binding anything (for a REGISTER from an address with no session). */
    boolean wouldAccept(String number, byte[] secret) {
        byte[][] e = entries.get(number);
        return e == null ? entries.size() < maxNumbers : MessageDigest.isEqual(e[1], hash(e[0], secret));
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

    private void save() throws IOException {
        StringBuilder sb = new StringBuilder(entries.size() * 90);
        for (Map.Entry<String, byte[][]> e : new TreeMap<>(entries).entrySet()) {
            sb.append(e.getKey()).append(' ').append(HEX.formatHex(e.getValue()[0])).append(' ')
                    .append(HEX.formatHex(e.getValue()[1])).append('\n');
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        FileAttribute<?>[] ownerOnly = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(tmp, options, ownerOnly)) {
            ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
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
