package io.tessera.worker.org;

import java.time.Instant;
import java.util.UUID;

public record OrgView(UUID id, String name, Instant createdAt) {
    static OrgView of(ClientOrg org) {
        return new OrgView(org.id, org.name, org.createdAt);
    }
}
