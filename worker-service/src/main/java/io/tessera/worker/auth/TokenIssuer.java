package io.tessera.worker.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.tessera.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Signs RS256 access tokens with the private key at {@code smallrye.jwt.sign.key.location}. */
@ApplicationScoped
public class TokenIssuer {
    private final TokenConfig config;
    private final Clock clock;

    public TokenIssuer(TokenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public TokenResponse issue(TokenSubject who) {
        Instant now = clock.instant();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .subject(who.subject().toString())
                .upn(who.upn())
                .groups(Set.of(who.group()))
                .issuedAt(now)
                .expiresAt(now.plus(config.lifetime()))
                .claim("jti", UUID.randomUUID().toString());
        if (who.org() != null) {
            claims.claim(Caller.ORG_CLAIM, who.org().toString());
        }
        if (who.vendor() != null) {
            claims.claim(Caller.VENDOR_CLAIM, who.vendor().toString());
        }
        return new TokenResponse(claims.jws().algorithm(SignatureAlgorithm.RS256).sign(),
                TokenResponse.BEARER, config.lifetime().toSeconds());
    }
}
