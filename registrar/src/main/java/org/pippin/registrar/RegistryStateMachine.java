package org.pippin.registrar;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as a Ratis state machine. The leader stamps every command with its own time and a random seed
 * ({@link #startTransaction}); {@link #applyTransaction} then hands the stamped entry to the deterministic
 * {@link RegistryState}, so every member, and every replay of the log after a restart, decides alike. Replies are
 * signed with this member's key so relays can cache them. Snapshots are written to a temporary file, forced to disk
 * and renamed into place.
 */
final class RegistryStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryStateMachine.class);

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final WallClock clock;
    private final RegistrarKey key;
    /** This member's configured network rules; stamped into the entries it makes as leader. */
    private final NetworkSettings settings;
    private final SecureRandom random = new SecureRandom();
    /** Last time stamped by this member as leader: stamps never run backwards even if the wall clock does. */
    private final AtomicLong lastStamp = new AtomicLong();
    private volatile RegistryState state = new RegistryState();

    RegistryStateMachine(NetworkSettings settings, WallClock clock, RegistrarKey key) {
        this.settings = settings;
        this.clock = clock;
        this.key = key;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        reinitialize();
    }

    @Override
    public void reinitialize() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), snapshot.getFile().getFileDigest());
        }
        try (InputStream in = Files.newInputStream(path);
                DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
            state = RegistryState.read(data);
        }
        setLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("{}: loaded snapshot {} ({} numbers)", getId(), snapshot.getTermIndex(), state.ownedCount());
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() == RaftLog.INVALID_LOG_INDEX) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        try (FileOutputStream file = new FileOutputStream(tmp.toFile());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
            state.write(out);
            out.flush();
            file.getFD().sync();
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileInfo info = new FileInfo(target.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(target));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(info, last));
        LOG.info("{}: snapshot at {}", getId(), last);
        return last.getIndex();
    }

    /**
     * On the leader only: wraps the client's command with the leader's time, a fresh random seed and the leader's
     * network settings, the only inputs of a decision not in the log yet, so they are fixed before anyone applies
     * it. Oversized
     * commands are replaced by a marker, so they never fill the log.
     */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) {
        ByteString content = request.getMessage().getContent();
        long now = clock.epochMillis();
        long stamp = lastStamp.updateAndGet(prev -> Math.max(prev, now));
        byte[] command = content.size() > Commands.MAX_COMMAND ? Commands.TOO_LARGE_MARKER : content.toByteArray();
        byte[] entry = Commands.stamp(stamp, random.nextLong(), settings, command);
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(ByteString.copyFrom(entry))
                .build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        byte[] reply;
        synchronized (this) {
            RegistryState.Decision d = state.apply(data);
            reply = d.reply(key, state.now());
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        byte[] reply;
        synchronized (this) {
            long readMillis = Math.max(state.now(), clock.epochMillis());
            reply = state.query(request.getContent().toByteArray(), readMillis, settings).reply(key, readMillis);
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }
}
