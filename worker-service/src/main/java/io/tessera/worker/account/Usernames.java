package io.tessera.worker.account;

import java.util.Locale;

/** Usernames are case-insensitive: stored and looked up in lower case. */
public final class Usernames {
    /** What request records accept; the database also insists on lower case. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]{2,63}";
    public static final String PATTERN_MESSAGE =
            "must be 3 to 64 letters, digits or . _ @ - and start with a letter or digit";

    private Usernames() {
    }

    public static String normalise(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }
}
