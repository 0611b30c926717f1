package org.pippin.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.pippin.protocol.Hex;

/**
 * The key pairs of RFC 8032's tests 1 and 2, and Ed25519 through the JDK's own provider: an implementation
 * independent of Bouncy Castle, to check the bytes our records sign.
 */
final class TestKeys {
    static final byte[] SECRET_1 = Hex.bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final byte[] PUBLIC_1 = Hex.bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    static final byte[] SECRET_2 = Hex.bytes("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    static final byte[] PUBLIC_2 = Hex.bytes("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    /** A phone's key in the record tests. */
    static final IdentityKey PHONE = IdentityKey.fromSecret(SECRET_1);
    /** The registrar's key in the record tests. */
    static final IdentityKey REGISTRAR = IdentityKey.fromSecret(SECRET_2);

    private static final byte[] PKCS8_PREFIX = Hex.bytes("302e020100300506032b657004220420");
    private static final byte[] X509_PREFIX = Hex.bytes("302a300506032b6570032100");

    private TestKeys() {
    }

    /** The JDK's Ed25519 signature of {@code domain || 0x00 || data}. */
    static byte[] jdkSign(byte[] secret, String domain, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(KeyFactory.getInstance("Ed25519")
            .generatePrivate(new PKCS8EncodedKeySpec(Hex.concat(PKCS8_PREFIX, secret))));
        s.update(separated(domain, data));
        return s.sign();
    }

    /** Whether the JDK accepts {@code sig} as {@code publicKey}'s signature of {@code domain || 0x00 || data}. */
    static boolean jdkVerify(byte[] publicKey, String domain, byte[] data, byte[] sig) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(Hex.concat(X509_PREFIX, publicKey))));
        s.update(separated(domain, data));
        return s.verify(sig);
    }

    private static byte[] separated(String domain, byte[] data) {
        return Hex.concat(domain.getBytes(StandardCharsets.US_ASCII), new byte[1], data);
    }
}
