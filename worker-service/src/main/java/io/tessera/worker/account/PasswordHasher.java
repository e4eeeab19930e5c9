package io.tessera.worker.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow password hashes with the JDK's PBKDF2-HMAC-SHA256: 16-byte random salt, 32-byte output, in
 * the self-describing form {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the iteration
 * count can grow without breaking old hashes. A hash costs about 0.1 s of one core at 600,000
 * iterations: callers compute it before they open a database transaction.
 */
@ApplicationScoped
public class PasswordHasher {
    static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final String dummy;

    public PasswordHasher(PasswordConfig config) {
        if (config.iterations() < PasswordConfig.MIN_ITERATIONS) {
            throw new IllegalStateException("tessera.password.iterations must be at least "
                    + PasswordConfig.MIN_ITERATIONS + ", is " + config.iterations());
        }
        this.iterations = config.iterations();
        this.dummy = hash("tessera-dummy-" + random.nextLong());
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * True when {@code password} matches {@code stored}; false for a wrong password or a malformed hash
     * (such as the {@code !} of an account still waiting for its sign-up code), which costs the same time.
     */
    public boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return dummy != null && verifyNothing(password);
        }
        try {
            int rounds = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, rounds));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Spends the same time as a real check when there is no account to check against, so response
     * times do not tell which usernames exist. Always false.
     */
    public boolean verifyNothing(String password) {
        verify(password, dummy);
        return false;
    }

    private static byte[] derive(String password, byte[] salt, int rounds) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            Arrays.fill(chars, '\0');
            spec.clearPassword();
        }
    }
}
