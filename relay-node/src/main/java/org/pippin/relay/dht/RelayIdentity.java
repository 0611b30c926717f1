package org.pippin.relay.dht;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.pippin.identity.IdentityException;
import org.pippin.identity.IdentityKey;

/**
 * The relay's own Ed25519 identity: it signs the relay's presence and directory records and proves the relay on
 * relay-to-relay links. Made on first start and kept in {@value #FILE} in the data directory (owner-only).
 */
public final class RelayIdentity {

    static final String FILE = "relay-identity.key";

    private RelayIdentity() {
    }

    public static IdentityKey loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            byte[] b = Files.readAllBytes(file);
            try {
                return IdentityKey.decode(b, 0, b.length);
            } catch (IdentityException e) {
                throw new IOException("relay identity " + file + " is unreadable: " + e.getMessage(), e);
            }
        }
        Files.createDirectories(dataDir);
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        new SecureRandom().nextBytes(secret);
        IdentityKey key = IdentityKey.fromSecret(secret);
        Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.write(tmp, key.encode());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return key;
    }
}
