package io.tessera.worker.auth;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.tessera.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start when worker-service could not issue tokens that the platform accepts: it signs a
 * probe token with the private key and verifies it with the public key and issuer every service
 * uses. This catches a missing key file, a key pair that does not match, and an issuer mismatch at
 * start instead of at the first sign-in.
 */
@ApplicationScoped
public class SigningKeyCheck {
    private static final Logger LOG = Logger.getLogger(SigningKeyCheck.class);

    private final TokenIssuer issuer;
    private final JWTParser parser;
    private final String privateKey;
    private final String publicKey;

    public SigningKeyCheck(TokenIssuer issuer, JWTParser parser,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") String privateKey,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") String publicKey) {
        this.issuer = issuer;
        this.parser = parser;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    void check(@Observes StartupEvent event) {
        String token;
        try {
            token = issuer.issue(new TokenSubject(UUID.randomUUID(), "startup-probe", Caller.WORKER, null, null))
                    .accessToken();
        } catch (RuntimeException e) {
            throw new IllegalStateException("worker-service cannot sign tokens with the private key at " + privateKey
                    + " (set TESSERA_JWT_PRIVATE_KEY to a PKCS#8 PEM file): " + e.getMessage(), e);
        }
        try {
            parser.parse(token);
        } catch (ParseException e) {
            throw new IllegalStateException("Tokens signed with " + privateKey
                    + " do not verify with the public key at " + publicKey
                    + " (TESSERA_JWT_PRIVATE_KEY and TESSERA_JWT_PUBLIC_KEY must be one key pair, and"
                    + " tessera.token.issuer must equal mp.jwt.verify.issuer): " + e.getMessage(), e);
        }
        LOG.infof("Signing tokens with %s", privateKey);
    }
}
