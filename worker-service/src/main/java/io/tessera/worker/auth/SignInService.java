package io.tessera.worker.auth;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.common.security.Caller;
import io.tessera.worker.account.Account;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.account.PasswordHasher;
import io.tessera.worker.account.Usernames;
import io.tessera.worker.fraud.Activity;
import io.tessera.worker.vendor.VendorService;
import io.tessera.worker.org.ApiKey;
import io.tessera.worker.org.ApiKeyRepository;
import io.tessera.worker.org.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import io.tessera.worker.account.SignUpCodes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns credentials into an access token. Every failure is the same 401: unknown username, wrong
 * password, deactivated account, a floor worker outside the vendor's networks, malformed, unknown or
 * revoked key. An unknown username still costs
 * one PBKDF2 run, so timing does not reveal which usernames exist.
 * <p>
 * The lookups run in short transactions of their own and the password check after them, so no
 * pooled connection waits on PBKDF2.
 */
@ApplicationScoped
public class SignInService {
    private static final Logger LOG = Logger.getLogger(SignInService.class);

    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final PasswordHasher passwords;
    private final TokenIssuer issuer;
    private final Activity activity;
    private final VendorService vendors;
    private final Clock clock;

    public SignInService(AccountRepository accounts, ApiKeyRepository keys, PasswordHasher passwords,
            TokenIssuer issuer, Activity activity, VendorService vendors, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.keys = keys;
        this.passwords = passwords;
        this.issuer = issuer;
        this.activity = activity;
        this.vendors = vendors;
    }

    /** Signs in; {@code address} is the client's (through trusted proxies), recorded for workers (fraud signals). */
    public TokenResponse signIn(TokenRequest request, String address) {
        List<FieldError> problems = request.shapeProblems();
        if (!problems.isEmpty()) {
            throw ApiProblem.badRequest("The request has " + problems.size() + " invalid field(s)", problems);
        }
        TokenSubject subject = request.byApiKey() ? byApiKey(request.apiKey()) : byPassword(request);
        if (Caller.WORKER.equals(subject.group()) && subject.vendor() != null
                && !QuarkusTransaction.requiringNew().call(() -> vendors.allowsSignInFrom(subject.vendor(), address))) {
            // Outside the floor's networks: the same 401 as a wrong password, so it reveals nothing.
            LOG.debugf("Sign-in of %s refused: %s is outside the vendor's networks", subject.upn(), address);
            throw invalid();
        }
        if (Caller.WORKER.equals(subject.group()) && address != null) {
            QuarkusTransaction.requiringNew().run(() -> activity.signedIn(subject.subject(), address));
        }
        return issuer.issue(subject);
    }

    /**
     * Redeems a one-time sign-up code: checks it (unknown username, wrong, used or expired code, a
     * deactivated account and a floor worker outside the vendor's networks are all the same 401), hashes
     * the new password outside any transaction, then consumes the code and stores the hash in one
     * transaction. Two concurrent redemptions of one code: the second finds it gone and gets the 401.
     */
    public TokenResponse signUp(SignUpRequest request, String address) {
        String username = Usernames.normalise(request.username());
        byte[] presented = SignUpCodes.hash(request.code());
        Instant now = clock.instant();
        Optional<Pending> pending = QuarkusTransaction.requiringNew().call(() -> pending(username));
        boolean matches = pending.isPresent() && MessageDigest.isEqual(presented, pending.get().codeHash());
        if (!matches || !pending.get().active() || !pending.get().expiresAt().isAfter(now)) {
            LOG.debugf("Sign-up refused for %s", username);
            throw invalid();
        }
        Pending ok = pending.get();
        if (ok.vendorId() != null
                && !QuarkusTransaction.requiringNew().call(() -> vendors.allowsSignInFrom(ok.vendorId(), address))) {
            throw invalid();
        }
        String hash = passwords.hash(request.password());
        boolean redeemed = QuarkusTransaction.requiringNew().call(() -> {
            int deleted = accounts.getEntityManager()
                    .createNativeQuery("DELETE FROM signup_code WHERE account_id = ?1 AND code_hash = ?2")
                    .setParameter(1, ok.id())
                    .setParameter(2, presented)
                    .executeUpdate();
            if (deleted == 1) {
                accounts.getEntityManager().createNativeQuery("UPDATE account SET password_hash = ?1 WHERE id = ?2")
                        .setParameter(1, hash)
                        .setParameter(2, ok.id())
                        .executeUpdate();
            }
            return deleted == 1;
        });
        if (!redeemed) {
            throw invalid();
        }
        if (address != null) {
            QuarkusTransaction.requiringNew().run(() -> activity.signedIn(ok.id(), address));
        }
        return issuer.issue(new TokenSubject(ok.id(), ok.username(), Caller.WORKER, null, ok.vendorId()));
    }

    private Optional<Pending> pending(String username) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = accounts.getEntityManager().createNativeQuery("""
                SELECT a.id, a.username, a.vendor_id, a.active, c.code_hash, c.expires_at
                FROM account a JOIN signup_code c ON c.account_id = a.id
                WHERE a.username = ?1 AND a.role = 'worker'""")
                .setParameter(1, username)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Pending((UUID) r[0], (String) r[1], (UUID) r[2], (Boolean) r[3],
                (byte[]) r[4], instant(r[5])));
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i
                : value instanceof java.time.OffsetDateTime o ? o.toInstant()
                : ((java.sql.Timestamp) value).toInstant();
    }

    private record Pending(UUID id, String username, UUID vendorId, boolean active, byte[] codeHash, Instant expiresAt) {
    }

    private TokenSubject byPassword(TokenRequest request) {
        String username = Usernames.normalise(request.username());
        Optional<Login> login = QuarkusTransaction.requiringNew()
                .call(() -> accounts.findByUsername(username).map(Login::of));
        boolean matches = login.isPresent()
                ? passwords.verify(request.password(), login.get().passwordHash())
                : passwords.verifyNothing(request.password());
        if (!matches || !login.get().active()) {
            LOG.debugf("Password sign-in refused for %s", username);
            throw invalid();
        }
        Login ok = login.get();
        return new TokenSubject(ok.id(), ok.username(), ok.group(), null, ok.vendorId());
    }

    private TokenSubject byApiKey(String presented) {
        ApiKeys.Parsed key = ApiKeys.parse(presented).orElseThrow(SignInService::invalid);
        Optional<ApiKey> row = QuarkusTransaction.requiringNew().call(() -> keys.findByKeyId(key.keyId()));
        if (row.isEmpty() || !ApiKeys.matches(key.key(), row.get().keyHash) || !row.get().active()) {
            LOG.debugf("API key sign-in refused for key id %s", key.keyId());
            throw invalid();
        }
        ApiKey ok = row.get();
        return new TokenSubject(ok.id, "apikey:" + ok.keyId, Caller.CLIENT, ok.orgId, null);
    }

    private static ApiProblem invalid() {
        return ApiProblem.unauthorized("Invalid credentials");
    }

    /** What sign-in needs of an account, copied out of the transaction (the entity stays in this layer). */
    private record Login(UUID id, String username, String passwordHash, String group, UUID vendorId, boolean active) {
        static Login of(Account a) {
            return new Login(a.id, a.username, a.passwordHash, a.role.group(), a.vendorId, a.active);
        }
    }
}
