package io.tessera.worker.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * One-time sign-up codes: 20 characters of a 32-letter alphabet without look-alikes (100 random bits),
 * printed in groups of four ({@code K7QM-2XHD-…}) so a floor manager can hand them out on paper. A
 * worker redeems one once to choose a password. Only the SHA-256 of the normalised code is stored:
 * with 100 random bits a slow hash buys nothing, and creating 10,000 accounts stays a matter of
 * seconds instead of the half hour PBKDF2 would take (docs/worker-service.md#bulk-accounts).
 */
public final class SignUpCodes {
    private static final char[] LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    public static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignUpCodes() {
    }

    /** A new code, grouped by four with dashes. */
    public static String generate() {
        StringBuilder code = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(LETTERS[RANDOM.nextInt(LETTERS.length)]);
        }
        return code.toString();
    }

    /** Upper case without dashes and spaces, so {@code k7qm 2xhd…} is the same code as {@code K7QM-2XHD-…}. */
    public static String normalise(String code) {
        return code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** SHA-256 of the normalised code, as stored in {@code signup_code.code_hash}. */
    public static byte[] hash(String code) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(normalise(code).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
