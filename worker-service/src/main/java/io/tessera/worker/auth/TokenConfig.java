package io.tessera.worker.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code tessera.token.*}: the tokens worker-service signs. The signing key itself is
 * {@code smallrye.jwt.sign.key.location} ({@code TESSERA_JWT_PRIVATE_KEY}).
 */
@ConfigMapping(prefix = "tessera.token")
public interface TokenConfig {
    /** The {@code iss} claim; application.properties ties it to {@code mp.jwt.verify.issuer}. */
    String issuer();

    /** How long a token is valid ({@code TESSERA_TOKEN_LIFETIME}, e.g. {@code PT1H} or {@code 15m}). */
    @WithDefault("PT1H")
    Duration lifetime();
}
