package org.pippin.registrar;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the registrar group: a Ratis server over gRPC with the {@link RegistryStateMachine}, its Raft log
 * and snapshots under {@code storage.dir/raft} and its signing key in {@code storage.dir/registrar.key}. With the
 * default configuration it is a single-member group embedded in the node, leader of itself.
 */
public final class RegistrarServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrarServer.class);
    /** Entries between automatic snapshots; a restart replays at most this many from the log. */
    static final long SNAPSHOT_EVERY = 10_000;

    private final RegistrarConfig config;
    private final RaftServer server;
    private final RaftGroupId groupId;
    private final RegistrarKey key;

    private RegistrarServer(RegistrarConfig config, RaftServer server, RaftGroupId groupId, RegistrarKey key) {
        this.config = config;
        this.server = server;
        this.groupId = groupId;
        this.key = key;
    }

    /** Starts this member ({@code registrar.self}); it joins or forms the configured group. */
    public static RegistrarServer start(RegistrarConfig config, WallClock clock) throws IOException {
        if (!config.isMember()) {
            throw new IllegalArgumentException("registrar.self '" + config.self + "' is not one of registrar.members");
        }
        Files.createDirectories(config.storageDir);
        RegistrarKey key = RegistrarKey.loadOrCreate(config.storageDir.resolve("registrar.key"));
        Path raftDir = config.storageDir.resolve("raft");
        RaftGroup group = group(config.groupId, config.members);
        RegistrarConfig.Member self = config.selfMember();

        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(props, self.host());
        GrpcConfigKeys.Server.setPort(props, self.port());
        RaftServerConfigKeys.setStorageDir(props, List.of(raftDir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(config.electionTimeoutMillis,
                TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(2L * config.electionTimeoutMillis,
                TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, SNAPSHOT_EVERY);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);

        // A group directory exists once this member has formatted it; from then on it is recovered, never re-formatted.
        boolean formatted = Files.isDirectory(raftDir.resolve(config.groupId.toString()));
        RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(self.id()))
                .setGroup(group)
                .setProperties(props)
                .setStateMachine(new RegistryStateMachine(config.network, clock, key))
                .setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
        LOG.info("registrar {} started ({}), public key {}: {}", self.id(), formatted ? "recovered" : "new storage",
                hex(key.publicKey()), config);
        return new RegistrarServer(config, server, group.getGroupId(), key);
    }

    static RaftGroup group(UUID groupId, List<RegistrarConfig.Member> members) {
        List<RaftPeer> peers = new ArrayList<>();
        for (RegistrarConfig.Member m : members) {
            peers.add(RaftPeer.newBuilder().setId(m.id()).setAddress(m.address()).build());
        }
        return RaftGroup.valueOf(RaftGroupId.valueOf(groupId), peers);
    }

    public String id() {
        return config.self;
    }

    /** The key that signs this member's replies; relays trust the public halves of all members' keys. */
    public byte[] publicKey() {
        return key.publicKey();
    }

    /** Members in the group, this one included. */
    public int memberCount() {
        return config.members.size();
    }

    /** "leader" (and ready), "follower", or "candidate" while no leader is known to it; for status pages. */
    public String role() throws IOException {
        DivisionInfo info = server.getDivision(groupId).getInfo();
        if (info.isLeader()) {
            return info.isLeaderReady() ? "leader" : "candidate";
        }
        return info.isFollower() ? "follower" : "candidate";
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(2 * b.length);
        for (byte x : b) {
            sb.append(Character.forDigit(x >> 4 & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    /** Whether this member currently leads the group and has committed its term's first entry (ready to serve). */
    public boolean isLeader() throws IOException {
        DivisionInfo info = server.getDivision(groupId).getInfo();
        return info.isLeader() && info.isLeaderReady();
    }

    /** Stops this member; its log and snapshots stay on disk for a restart. */
    @Override
    public void close() throws IOException {
        server.close();
        LOG.info("registrar {} stopped", config.self);
    }
}
