package org.pippin.relay.voicemail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages kept on this relay, one directory per owner number, one file per message ({@code <id>.vm}, written
 * and renamed into place after fsync, see {@link DurableFiles}), a {@code <id>.heard} marker once the owner heard it,
 * a {@code <id>.gone} tombstone (the message's time, 8 bytes) once the owner deleted it, so that copies on other
 * relays are deleted too and never come back, a {@code <id>.one} marker (empty) while a message recorded here in a
 * network has no second copy on another relay yet, and the owner's signed settings ({@code settings.rec}). Opening
 * the store removes what a crash left half-written ({@code *.tmp}) and sets aside files that fail their check
 * ({@code *.bad}): a listed message is always whole.
 *
 * <p>The index lives in memory and is read from the relay's event loop (short, synchronized, no disk); every disk
 * write happens on the voicemail worker.
 */
final class MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    static final String MESSAGE = ".vm";
    static final String HEARD = ".heard";
    static final String BAD = ".bad";
    static final String GONE = ".gone";
    static final String ONE_COPY = ".one";
    static final String SETTINGS = "settings.rec";

    private final Path dir;
    private final Map<Long, MessageInfo> byId = new HashMap<>();
    private final Map<String, byte[]> settings = new HashMap<>();
    /** Tombstones: messages their owner deleted, with the time they were left (to expire with them). */
    private final Map<Long, MessageInfo> gone = new HashMap<>();
    /** Messages kept here whose second copy on another relay is still to be made ({@code <id>.one} markers). */
    private final Set<Long> oneCopy = new HashSet<>();

    private MessageStore(Path dir) {
        this.dir = dir;
    }

    static MessageStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        MessageStore s = new MessageStore(dir);
        s.load();
        return s;
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> owners = Files.newDirectoryStream(dir)) {
            for (Path ownerDir : owners) {
                String owner = ownerDir.getFileName().toString();
                if (!Files.isDirectory(ownerDir) || !Numbers.isValid(owner) || owner.isEmpty()) {
                    continue;
                }
                loadOwner(owner, ownerDir);
            }
        }
    }

    private void loadOwner(String owner, Path ownerDir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ownerDir)) {
            ds.forEach(files::add);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(DurableFiles.TMP)) {
                // Left by a crash before its rename: never whole, never listed.
                LOG.info("voicemail: removing {} left half-written by a crash", f);
                DurableFiles.deleteDurably(f);
            } else if (name.endsWith(MESSAGE)) {
                try {
                    Message m = Message.decode(Files.readAllBytes(f));
                    if (!m.owner.equals(owner) || !name.equals(Wire.messageIdHex(m.id) + MESSAGE)) {
                        throw new StoreException("message " + Wire.messageIdHex(m.id) + " for " + m.owner
                                + " does not belong at " + f);
                    }
                    byId.put(m.id, info(m, Files.exists(ownerDir.resolve(Wire.messageIdHex(m.id) + HEARD)),
                            Files.size(f)));
                } catch (StoreException e) {
                    LOG.warn("voicemail: setting {} aside: {}", f, e.getMessage());
                    Files.move(f, f.resolveSibling(name + BAD));
                    DurableFiles.syncDirectory(ownerDir);
                }
            } else if (name.equals(SETTINGS)) {
                settings.put(owner, Files.readAllBytes(f));
            } else if (name.endsWith(GONE)) {
                loadTombstone(owner, f, name);
            }
        }
        for (Long id : gone.keySet()) {
            // Deleted by its owner, crash before the message file went: it goes now.
            MessageInfo i = byId.remove(id);
            if (i != null) {
                DurableFiles.deleteDurably(file(i, MESSAGE));
            }
        }
        for (Path f : files) {
            // A marker whose message is gone (deleted, or a crash before the marker went too or before the message
            // was written: the one-copy marker goes to disk first).
            String name = f.getFileName().toString();
            if (name.endsWith(HEARD) && !Files.exists(f.resolveSibling(name.replace(HEARD, MESSAGE)))) {
                DurableFiles.deleteDurably(f);
            } else if (name.endsWith(ONE_COPY)) {
                Long id = listedId(name.substring(0, name.length() - ONE_COPY.length()));
                if (id == null) {
                    DurableFiles.deleteDurably(f);
                } else {
                    oneCopy.add(id);
                }
            }
        }
    }

    /** The id of a listed message named {@code hex}, or null. */
    private Long listedId(String hex) {
        try {
            long id = Long.parseUnsignedLong(hex, 16);
            return byId.containsKey(id) && hex.equals(Wire.messageIdHex(id)) ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void loadTombstone(String owner, Path f, String name) throws IOException {
        byte[] b = Files.readAllBytes(f);
        long id;
        try {
            id = Long.parseUnsignedLong(name.substring(0, name.length() - GONE.length()), 16);
        } catch (NumberFormatException e) {
            id = 0;
        }
        if (b.length != 8 || id == 0 || !name.equals(Wire.messageIdHex(id) + GONE)) {
            LOG.warn("voicemail: setting {} aside: not a tombstone", f);
            Files.move(f, f.resolveSibling(name + BAD));
            DurableFiles.syncDirectory(f.getParent());
            return;
        }
        gone.put(id, new MessageInfo(id, owner, "", ByteBuffer.wrap(b).getLong(), 0, -1, true, 0));
    }

    private static MessageInfo info(Message m, boolean heard, long bytes) {
        return new MessageInfo(m.id, m.owner, m.caller, m.timeMillis, m.durationMillis(), m.codec, heard, bytes);
    }

    private Path ownerDir(String owner) {
        if (!Numbers.isValid(owner) || owner.isEmpty()) {
            throw new IllegalArgumentException("not a number: " + owner);
        }
        return dir.resolve(owner);
    }

    private Path file(MessageInfo i, String suffix) {
        return ownerDir(i.owner()).resolve(Wire.messageIdHex(i.id()) + suffix);
    }

    /** Writes the message durably; only then is it listed. Worker only. */
    void save(Message m) throws IOException {
        save(m, false);
    }

    /**
     * Writes the message durably; only then is it listed. {@code oneCopy}: its one-copy marker goes to disk first,
     * so a crash at any point leaves no message that lacks its second copy unmarked. Worker only.
     */
    void save(Message m, boolean oneCopy) throws IOException {
        if (isGone(m.id)) {
            throw new IOException("message " + Wire.messageIdHex(m.id) + " was deleted by its owner");
        }
        Path od = ownerDir(m.owner);
        if (!Files.isDirectory(od)) {
            Files.createDirectories(od);
            DurableFiles.syncDirectory(dir);
        }
        if (oneCopy) {
            DurableFiles.writeAtomically(od.resolve(Wire.messageIdHex(m.id) + ONE_COPY), new byte[0]);
        }
        Path f = od.resolve(Wire.messageIdHex(m.id) + MESSAGE);
        byte[] bytes = m.encode();
        DurableFiles.writeAtomically(f, bytes);
        synchronized (this) {
            byId.put(m.id, info(m, false, bytes.length));
            if (oneCopy) {
                this.oneCopy.add(m.id);
            }
        }
    }

    /** The messages kept here that still lack their second copy on another relay. */
    synchronized List<MessageInfo> oneCopy() {
        List<MessageInfo> out = new ArrayList<>();
        for (Long id : oneCopy) {
            MessageInfo i = byId.get(id);
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** Another relay has the message on disk too: its one-copy marker goes (durably). False if none. Worker only. */
    boolean copied(long id) throws IOException {
        MessageInfo i;
        synchronized (this) {
            i = byId.get(id);
            if (i == null || !oneCopy.remove(id)) {
                return false;
            }
        }
        DurableFiles.deleteDurably(file(i, ONE_COPY));
        return true;
    }

    /** The message with its audio, read from disk and checked; null if there is none. Worker only. */
    Message read(long id) throws IOException {
        MessageInfo i = info(id);
        if (i == null) {
            return null;
        }
        return Message.decode(Files.readAllBytes(file(i, MESSAGE)));
    }

    synchronized MessageInfo info(long id) {
        return byId.get(id);
    }

    /** The owner's messages, newest first. */
    synchronized List<MessageInfo> list(String owner) {
        List<MessageInfo> out = new ArrayList<>();
        for (MessageInfo i : byId.values()) {
            if (i.owner().equals(owner)) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparingLong(MessageInfo::timeMillis).reversed().thenComparingLong(MessageInfo::id));
        return out;
    }

    /** {new, total} for the owner. */
    synchronized int[] counts(String owner) {
        int fresh = 0;
        int total = 0;
        for (MessageInfo i : byId.values()) {
            if (i.owner().equals(owner)) {
                total++;
                if (!i.heard()) {
                    fresh++;
                }
            }
        }
        return new int[] {fresh, total};
    }

    /** Marks the message heard (durably); false if it is gone or was heard already. Worker only. */
    boolean markHeard(long id) throws IOException {
        MessageInfo i = info(id);
        if (i == null || i.heard()) {
            return false;
        }
        Path marker = file(i, HEARD);
        DurableFiles.writeAtomically(marker, new byte[0]);
        synchronized (this) {
            if (byId.containsKey(id)) {
                byId.put(id, new MessageInfo(i.id(), i.owner(), i.caller(), i.timeMillis(), i.durationMillis(),
                        i.codec(), true, i.bytes()));
            }
        }
        return true;
    }

    /**
     * Deletes the message durably; returns what was deleted, or null if there was none. {@code byOwner}: a tombstone
     * stays (written before the message goes) until the message would have expired. Worker only.
     */
    MessageInfo delete(long id, boolean byOwner) throws IOException {
        MessageInfo i;
        synchronized (this) {
            i = byId.get(id);
        }
        if (i == null) {
            return null;
        }
        if (byOwner) {
            DurableFiles.writeAtomically(file(i, GONE), ByteBuffer.allocate(8).putLong(i.timeMillis()).array());
            synchronized (this) {
                gone.put(id, new MessageInfo(id, i.owner(), "", i.timeMillis(), 0, -1, true, 0));
            }
        }
        synchronized (this) {
            byId.remove(id);
            oneCopy.remove(id);
        }
        DurableFiles.deleteDurably(file(i, MESSAGE));
        DurableFiles.deleteDurably(file(i, HEARD));
        DurableFiles.deleteDurably(file(i, ONE_COPY));
        return i;
    }

    /** Deletes every message (and tombstone) left before {@code cutoffMillis}; returns the messages. Worker only. */
    List<MessageInfo> expire(long cutoffMillis) throws IOException {
        List<MessageInfo> old = new ArrayList<>();
        List<MessageInfo> oldTombstones = new ArrayList<>();
        synchronized (this) {
            for (MessageInfo i : byId.values()) {
                if (i.timeMillis() < cutoffMillis) {
                    old.add(i);
                }
            }
            for (MessageInfo i : gone.values()) {
                if (i.timeMillis() < cutoffMillis) {
                    oldTombstones.add(i);
                }
            }
        }
        for (MessageInfo i : old) {
            delete(i.id(), false);
        }
        for (MessageInfo i : oldTombstones) {
            DurableFiles.deleteDurably(file(i, GONE));
            synchronized (this) {
                gone.remove(i.id());
            }
        }
        return old;
    }

    /** Whether the owner deleted message {@code id} here (and it has not expired since). */
    synchronized boolean isGone(long id) {
        return gone.containsKey(id);
    }

    /** The tombstones of the owner's deleted messages (id, owner, time). */
    synchronized List<MessageInfo> tombstones(String owner) {
        List<MessageInfo> out = new ArrayList<>();
        for (MessageInfo i : gone.values()) {
            if (i.owner().equals(owner)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The owner's signed settings as stored, or null. */
    synchronized byte[] settings(String owner) {
        byte[] s = settings.get(owner);
        return s == null ? null : s.clone();
    }

    /** Replaces the owner's signed settings durably. Worker only. */
    void saveSettings(String owner, byte[] record) throws IOException {
        Path od = ownerDir(owner);
        if (!Files.isDirectory(od)) {
            Files.createDirectories(od);
            DurableFiles.syncDirectory(dir);
        }
        DurableFiles.writeAtomically(od.resolve(SETTINGS), record);
        synchronized (this) {
            settings.put(owner, record.clone());
        }
    }

    synchronized int size() {
        return byId.size();
    }
}
