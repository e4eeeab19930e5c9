package io.tessera.worker.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tessera.password.*}: how new password hashes are made. */
@ConfigMapping(prefix = "tessera.password")
public interface PasswordConfig {
    /** The floor OWASP gives for PBKDF2-HMAC-SHA256 with a weaker-than-recommended budget; start refuses less. */
    int MIN_ITERATIONS = 210_000;

    /**
     * PBKDF2-HMAC-SHA256 iterations for new hashes (OWASP 2023: 600,000). Existing hashes keep the count
     * they were made with, so this can be raised at any time.
     */
    @WithDefault("600000")
    int iterations();
}
