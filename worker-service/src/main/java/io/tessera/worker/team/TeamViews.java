package io.tessera.worker.team;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class TeamViews {
    private TeamViews() {
    }

    /** A team in a list: its size, not its members. */
    public record Summary(UUID id, UUID vendorId, String name, Instant createdAt, long members) {
    }

    public record Member(UUID workerId, String username, String displayName, boolean active) {
    }

    /** One team with its members by username. */
    public record Detail(UUID id, UUID vendorId, String name, Instant createdAt, List<Member> members) {
    }
}
