package org.pippin.sip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * works at once. Not thread-safe: the relay uses it from its event loop; the command-line tool from its own process.
 */
public final class SipPasswords {

    public static final String FILE = "sip-passwords";
    private static final Logger LOG = LoggerFactory.getLogger(SipPasswords.class);
    /** A number's line is short; a file far beyond this many lines is not ours. */
    private static final int MAX_LINES = 1_000_000;

    private final Path file;
    private final String realm;
    private final Map<String, byte[]> ha1 = new HashMap<>();
    private FileTime loaded;

    public SipPasswords(Path dataDir, String realm) {
        this.file = dataDir.resolve(FILE);
        this.realm = realm;
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
        FileTime now;
        try {
            now = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            ha1.clear();
            loaded = null;
            return null;
        }
        if (!now.equals(loaded)) {
            reload();
            loaded = now;
        }
        return ha1.get(number);
    }

    private void reload() throws IOException {
        ha1.clear();
        List<String> lines = readLines();
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
    private List<String> readLines() throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * Sets (or replaces) the SIP password of {@code number}: rewrites the file through a temporary file, readable by
     * its owner only, so a running relay never reads half a file.
     */
    public void set(String number, String password) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : readLines()) {
                String t = line.trim();
                if (!t.startsWith(number + " ")) {
                    out.add(line);
                }
            }
        } else {
            out.add("# SIP passwords of numbers: NUMBER REALM MD5(NUMBER:REALM:PASSWORD); set with sip-password");
        }
        out.add(number + " " + realm + " " + HexFormat.of().formatHex(ha1(number, realm, password)));
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
