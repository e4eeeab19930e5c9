package io.tessera.worker.bulk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code tessera.bulk.*}: creating and (de)activating a vendor's workers in batches. */
@ConfigMapping(prefix = "tessera.bulk")
public interface BulkConfig {
    /** The most rows one batch may have; more is a 413. */
    @WithDefault("10000")
    int maxRows();

    /**
     * The most rows of one creation batch that may carry a password. Each costs one PBKDF2 hash
     * (about 0.14 to 0.23 s of a core at 600,000 iterations); the other rows get a sign-up code.
     */
    @WithDefault("100")
    int maxPasswords();

    /** Threads that hash a batch's passwords; default: the machine's cores. Shared by all batches. */
    Optional<Integer> hashThreads();

    /** How long a one-time sign-up code stays valid. */
    @WithDefault("P14D")
    Duration signUpCodeLifetime();
}
