package org.pippin.sip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP passwords of numbers, one per number, in {@value #FILE} under the relay's data directory: one line
 * {@code NUMBER REALM HA1} each, where HA1 = MD5(number ":" realm ":" password) in hex.
 *
 * <p>Why HA1 and nothing stronger: SIP digest (RFC 2617; RFC 7616 too) makes the server compute
 * MD5(HA1 ":" nonce ":" ... ) itself, so it must hold HA1 or the password. HA1 is the least of the two: it is salted
 * by the number and the realm (no two numbers, and no other realm, share a hash) and never reveals the password, but
 * it is enough to answer this realm's challenges, so the file is kept readable by its owner only. A slow salted hash
 * (bcrypt, scrypt) cannot be used with digest at all.
 *
 * <p>The relay re-reads the file when it changes, so a password set with {@code sip-password} while the relay runs
 * works at once. A change is seen in the file's modification time, size and identity; two writes within one tick of
 * the file system's clock can leave all three as they were (each line has the same length), so while the file is
 * that young the relay also compares a hash of its content. Not thread-safe: the relay uses it from its event loop; the command-line tool from its own process.
 */
public final class SipPasswords {

    public static final String FILE = "sip-passwords";
    private static final Logger LOG = LoggerFactory.getLogger(SipPasswords.class);
    /** A number's line is short; a file far beyond this many lines is not ours. */
    private static final int MAX_LINES = 1_000_000;

    /** Coarser than any file system's modification-time tick (FAT's is 2 s). */
    static final long TICK_MILLIS = 2000;

    private final Path file;
    private final String realm;
    private final LongSupplier wallMillis;
    private final Map<String, byte[]> ha1 = new HashMap<>();
    /** Modification time, size and identity of the file as last read; null when it was not there. */
    private Stamp loaded;
    /** SHA-256 of the content last read. */
    private byte[] loadedHash;

    /** When and as what a file was last written, as far as its attributes tell. */
    private record Stamp(long modifiedMillis, long size, Object key) {
    }

    public SipPasswords(Path dataDir, String realm) {
        this(dataDir, realm, System::currentTimeMillis);
    }

    /** With the wall clock that tells whether the file may still change within one modification-time tick. */
    SipPasswords(Path dataDir, String realm, LongSupplier wallMillis) {
        this.file = dataDir.resolve(FILE);
        this.realm = realm;
        this.wallMillis = wallMillis;
    }

    /** HA1 as the digest computes it (MD5 of {@code user:realm:password}), 16 bytes. */
    public static byte[] ha1(String user, String realm, String password) {
        return md5((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] md5(byte[] in) {
        try {
            return MessageDigest.getInstance("MD5").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /**
     * The stored HA1 of {@code number} in this realm, or null if it has no SIP password. Re-reads the file first if
     * it changed since the last look.
     *
     * @throws IOException if the file exists but cannot be read
     */
    public byte[] lookup(String number) throws IOException {
        Stamp now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            ha1.clear();
            loaded = null;
            loadedHash = null;
            return null;
        }
        if (!now.equals(loaded)) {
            reload(Files.readAllBytes(file));
            loaded = now;
        } else if (wallMillis.getAsLong() - now.modifiedMillis() < TICK_MILLIS) {
            // Young enough that another write in the same tick would leave the stamp as it is: look at the content.
            byte[] content = Files.readAllBytes(file);
            if (!MessageDigest.isEqual(sha256(content), loadedHash)) {
                reload(content);
            }
        }
        return ha1.get(number);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private void reload(byte[] content) throws IOException {
        ha1.clear();
        loadedHash = sha256(content);
        List<String> lines = lines(content);
        if (lines.size() > MAX_LINES) {
            throw new IOException(file + " has " + lines.size() + " lines, more than " + MAX_LINES);
        }
        int n = 0;
        for (String line : lines) {
            n++;
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split(" ");
            if (f.length != 3 || f[2].length() != 32 || !f[2].matches("[0-9a-f]+")) {
                LOG.warn("{} line {}: not 'NUMBER REALM HA1', ignored", file, n);
            } else if (!f[1].equals(realm)) {
                LOG.warn("{} line {}: password of {} was set for realm '{}', this relay's is '{}': set it again",
                        file, n, f[0], f[1], realm);
            } else {
                ha1.put(f[0], HexFormat.of().parseHex(f[2]));
            }
        }
    }

    /**
     * The file's lines. A byte that is not UTF-8 spoils only its own line (it reads as U+FFFD, so the line is ignored
     * as malformed), never the whole file: one bad line must not take every other number's password with it.
     */
    private static List<String> lines(byte[] content) {
        return new String(content, StandardCharsets.UTF_8).lines().toList();
    }

    /** The realm the hashes are for. */
    public String realm() {
        return realm;
    }

    /**
     * Sets (or replaces) the SIP password of {@code number}: rewrites the file through a temporary file, readable by
     * its owner only, so a running relay never reads half a file.
     */
    public void set(String number, String password) throws IOException {
        setHa1(number, ha1(number, realm, password));
    }

    /** Sets (or replaces) the HA1 of {@code number} in this realm, as {@link #set} does; null removes it. */
    public void setHa1(String number, byte[] hash) throws IOException {
        if (hash != null && hash.length != 16) {
            throw new IllegalArgumentException("HA1 must be 16 bytes, not " + hash.length);
        }
        List<String> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : lines(Files.readAllBytes(file))) {
                String t = line.trim();
                if (!t.startsWith(number + " ")) {
                    out.add(line);
                }
            }
        } else {
            out.add("# SIP passwords of numbers: NUMBER REALM MD5(NUMBER:REALM:PASSWORD); set with sip-password");
        }
        if (hash != null) {
            out.add(number + " " + realm + " " + HexFormat.of().formatHex(hash));
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
