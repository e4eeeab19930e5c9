package io.tessera.worker.org;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Client organisations and their API keys. Admins manage both; a client sees and revokes its own keys. */
@ApplicationScoped
@Transactional
public class OrgService {
    private final OrgRepository orgs;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public OrgService(OrgRepository orgs, ApiKeyRepository keys, Clock clock) {
        this.orgs = orgs;
        this.keys = keys;
        this.clock = clock;
    }

    public OrgView create(CreateOrgRequest request) {
        ClientOrg org = new ClientOrg();
        org.id = UUID.randomUUID();
        org.name = request.name().strip();
        org.createdAt = Timestamps.now(clock);
        orgs.persist(org);
        return OrgView.of(org);
    }

    @Transactional(TxType.SUPPORTS)
    public OrgView get(UUID orgId, Caller caller) {
        checkAccess(orgId, caller);
        return OrgView.of(find(orgId));
    }

    /** Makes a key; the response is the only place the key ever appears. */
    public IssuedApiKey createKey(UUID orgId, CreateApiKeyRequest request) {
        find(orgId);
        ApiKeys.Parsed fresh = ApiKeys.generate();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.orgId = orgId;
        key.keyId = fresh.keyId();
        key.keyHash = ApiKeys.hash(fresh.key());
        key.name = request == null || request.name() == null ? null : request.name().strip();
        key.createdAt = Timestamps.now(clock);
        keys.persist(key);
        return new IssuedApiKey(key.id, orgId, key.keyId, key.name, key.createdAt, fresh.key());
    }

    @Transactional(TxType.SUPPORTS)
    public List<ApiKeyView> listKeys(UUID orgId, Caller caller) {
        checkAccess(orgId, caller);
        find(orgId);
        return keys.listForOrg(orgId).stream().map(ApiKeyView::of).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public ApiKeyView getKey(UUID orgId, UUID keyId, Caller caller) {
        checkAccess(orgId, caller);
        return ApiKeyView.of(findKey(orgId, keyId));
    }

    /**
     * Revokes a key: sign-in with it fails from now on. Tokens already issued with it stay valid until
     * they expire (at most {@code tessera.token.lifetime}). Revoking twice is not an error.
     */
    public void revokeKey(UUID orgId, UUID keyId, Caller caller) {
        checkAccess(orgId, caller);
        ApiKey key = findKey(orgId, keyId);
        if (key.active()) {
            key.revokedAt = Timestamps.now(clock);
        }
    }

    private ApiKey findKey(UUID orgId, UUID keyId) {
        return keys.findByIdOptional(keyId)
                .filter(k -> k.orgId.equals(orgId))
                .orElseThrow(() -> ApiProblem.notFound("API key", keyId));
    }

    private ClientOrg find(UUID orgId) {
        return orgs.findByIdOptional(orgId).orElseThrow(() -> ApiProblem.notFound("Organisation", orgId));
    }

    /** Admins see every organisation; a client only its own (the token's {@code org} claim). */
    private static void checkAccess(UUID orgId, Caller caller) {
        if (caller.is(Caller.ADMIN)) {
            return;
        }
        if (caller.is(Caller.CLIENT) && caller.org().equals(orgId)) {
            return;
        }
        throw ApiProblem.forbidden("This organisation is not yours");
    }
}
