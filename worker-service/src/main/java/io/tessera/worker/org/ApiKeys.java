package io.tessera.worker.org;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API key format: {@code tsk_<keyId>_<secret>}. {@code keyId} is 16 hex characters, not secret,
 * stored in clear and indexed, so sign-in finds the row in one lookup; {@code secret} is 256 random
 * bits in base64url. Only the SHA-256 of the whole key is stored. A fast hash is right here (unlike
 * passwords): guessing 256 random bits is hopeless whatever the hash costs.
 */
public final class ApiKeys {
    static final String PREFIX = "tsk_";
    private static final Pattern FORMAT = Pattern.compile("tsk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A fresh key and its parts. */
    public static Parsed generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        return new Parsed(PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), keyId);
    }

    /** The key's parts, or empty when the text cannot be a Tessera key (never a hint why). */
    public static Optional<Parsed> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(key.strip());
        return m.matches() ? Optional.of(new Parsed(m.group(), m.group(1))) : Optional.empty();
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented key with a stored hash. */
    public static boolean matches(String key, byte[] storedHash) {
        return MessageDigest.isEqual(hash(key), storedHash);
    }

    /** @param key the whole key as the client holds it; @param keyId its public part */
    public record Parsed(String key, String keyId) {
    }
}
