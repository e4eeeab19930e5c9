package io.tessera.worker.account;

/**
 * The password policy of request bodies, after NIST SP 800-63B: at least 8 characters, at least 64
 * allowed, no composition rules. The upper bound only keeps bodies sane.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    private Passwords() {
    }
}
