package org.pippin.registrar;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.pippin.identity.IdentityException;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.RegistrarRecord;

/**
 * This member's Ed25519 key: it signs the {@link RegistrarRecord}s the member hands out, so relays that trust the
 * public half can cache and pass them on. Created on first start and kept in the storage directory (owner-only), so a
 * restarted member signs with the same key.
 */
final class RegistrarKey {

    private final IdentityKey key;

    private RegistrarKey(IdentityKey key) {
        this.key = key;
    }

    static RegistrarKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] b = Files.readAllBytes(file);
            try {
                return new RegistrarKey(IdentityKey.decode(b, 0, b.length));
            } catch (IdentityException e) {
                throw new IOException("registrar key " + file + ": " + e.getMessage(), e);
            }
        }
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        new SecureRandom().nextBytes(secret);
        IdentityKey key = IdentityKey.fromSecret(secret);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            out.write(key.encode());
            out.getFD().sync();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return new RegistrarKey(key);
    }

    byte[] publicKey() {
        return key.publicKey();
    }

    /** "number is owned by the owner's key since it was claimed", issued at {@code nowMillis}. */
    byte[] owned(String number, RegistryState.Owner owner, long nowMillis) {
        return RegistrarRecord.owned(key, number, owner.publicKey(), owner.claimedAt() / 1000, nowMillis / 1000)
                .encode();
    }

    /** "number, released by its owner's key, is in quarantine until ...", issued at {@code nowMillis}. */
    byte[] quarantine(String number, RegistryState.Quarantine q, long nowMillis) {
        return RegistrarRecord.quarantine(key, number, q.publicKey(), q.since() / 1000, q.until() / 1000,
                nowMillis / 1000).encode();
    }
}
