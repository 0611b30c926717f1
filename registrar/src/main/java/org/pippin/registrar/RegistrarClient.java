package org.pippin.registrar;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a registrar group: sends phone-signed records for the leader to commit and asks for lookups. Every call
 * ends in a typed {@link Reply}; {@link Outcome#FAILED} means the group did not answer within the timeout (no leader
 * or no majority), and a claim that failed may still have committed: a lookup tells. Retries of one request reuse its
 * call id, so the group applies it at most once. Calls block the calling thread (never call from an event loop) and
 * may be made from many threads at once.
 */
public final class RegistrarClient implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrarClient.class);
    private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(100, TimeUnit.MILLISECONDS);

    private final RaftClient client;

    private RegistrarClient(RaftClient client) {
        this.client = client;
    }

    public static RegistrarClient connect(RegistrarConfig config) {
        return connect(config.groupId, config.members, Duration.ofSeconds(config.requestTimeoutSeconds));
    }

    public static RegistrarClient connect(UUID groupId, List<RegistrarConfig.Member> members, Duration timeout) {
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
        // One RPC may take a third of the budget; retries (to the next leader) stop when the whole budget is spent.
        TimeDuration budget = TimeDuration.valueOf(timeout.toMillis(), TimeUnit.MILLISECONDS);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(
                Math.max(500, timeout.toMillis() / 3), TimeUnit.MILLISECONDS));
        RetryPolicy retry = RequestTypeDependentRetryPolicy.newBuilder()
                .setRetryPolicy(TypeCase.WRITE, RetryPolicies.retryForeverWithSleep(RETRY_SLEEP))
                .setTimeout(TypeCase.WRITE, budget)
                .setRetryPolicy(TypeCase.READ, RetryPolicies.retryForeverWithSleep(RETRY_SLEEP))
                .setTimeout(TypeCase.READ, budget)
                .build();
        RaftClient client = RaftClient.newBuilder()
                .setProperties(props)
                .setRaftGroup(RegistrarServer.group(groupId, members))
                .setRetryPolicy(retry)
                .build();
        return new RegistrarClient(client);
    }

    /** Claims the number a signed claim names, or a random free one if it names none. */
    public Reply claim(byte[] signedClaim) {
        return write(Commands.CLAIM, signedClaim);
    }

    /** Gives a number up: it goes into quarantine. */
    public Reply release(byte[] signedRelease) {
        return write(Commands.RELEASE, signedRelease);
    }

    /** Records that the owner logged in, which keeps the number from expiring. */
    public Reply login(byte[] signedLoginProof) {
        return write(Commands.LOGIN, signedLoginProof);
    }

    /** Stores the owner's block list; a list with a higher sequence replaces the stored one. */
    public Reply setBlockList(byte[] signedBlockList) {
        return write(Commands.BLOCK_LIST, signedBlockList);
    }

    /** Stores the owner's linked numbers; a record with a higher sequence replaces the stored one. */
    public Reply setLinks(byte[] signedLinks) {
        return write(Commands.LINKS, signedLinks);
    }

    /** Marks the external number of a LINK_CHECK verified for its owner; the caller matched the record's code. */
    public Reply linkVerified(byte[] signedLinkCheck) {
        return write(Commands.LINK_VERIFIED, signedLinkCheck);
    }

    /** The owner's linked numbers and the verified external ones ({@link Links#decode}), or NOT_FOUND. */
    public Reply links(String number) {
        return read(Commands.GET_LINKS, number);
    }

    /** Who owns {@code number}: OWNED with the signed record, QUARANTINED, FREE, RESERVED or NOT_IN_PLAN. */
    public Reply lookup(String number) {
        return read(Commands.LOOKUP, number);
    }

    /** The owner's signed block list for {@code number}, or NOT_FOUND. */
    public Reply blockList(String number) {
        return read(Commands.GET_BLOCK_LIST, number);
    }

    /** Sends raw request bytes, as a relay forwarding them from a phone would; for tests of hostile input. */
    Reply raw(byte[] request) {
        return send(request, false);
    }

    private Reply write(int type, byte[] body) {
        if (body.length + 1 > Commands.MAX_COMMAND) {
            return Reply.of(Outcome.TOO_LARGE);
        }
        return send(Commands.request(type, body), false);
    }

    private Reply read(int type, String number) {
        byte[] body = number.getBytes(StandardCharsets.US_ASCII);
        if (body.length > Commands.MAX_NUMBER) {
            return Reply.of(Outcome.TOO_LARGE);
        }
        return send(Commands.request(type, body), true);
    }

    private Reply send(byte[] request, boolean readOnly) {
        Message m = Message.valueOf(ByteString.copyFrom(request));
        try {
            RaftClientReply reply = readOnly ? client.io().sendReadOnly(m) : client.io().send(m);
            if (!reply.isSuccess()) {
                LOG.debug("registrar request failed: {}", String.valueOf(reply.getException()));
                return Reply.of(Outcome.FAILED, String.valueOf(reply.getException()));
            }
            return Reply.decode(reply.getMessage().getContent().toByteArray());
        } catch (IOException e) {
            LOG.debug("registrar request failed: {}", e.toString());
            return Reply.of(Outcome.FAILED, e.toString());
        } catch (RuntimeException e) {
            // Ratis' gRPC client can throw while a connection to a stopping member is torn down (seen: a null proxy);
            // the caller still gets an outcome, and FAILED promises nothing about whether the request committed.
            LOG.warn("registrar client failed unexpectedly", e);
            return Reply.of(Outcome.FAILED, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
