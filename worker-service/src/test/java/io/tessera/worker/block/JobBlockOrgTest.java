package io.tessera.worker.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which organisation a job block's union names for task-service (it checks it against the job's). */
class JobBlockOrgTest {
    private static final UUID ACME = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();

    @Test
    void aClientsBlocksNameTheClientsOrganisation() {
        assertThat(Blocks.jobBlockOrg(List.of(client(ACME), client(ACME)))).isEqualTo(ACME);
    }

    @Test
    void clientsOfTwoOrganisationsBlockTheJobWhoeverOwnsIt() {
        assertThat(Blocks.jobBlockOrg(List.of(client(ACME), client(OTHER)))).isNull();
    }

    @Test
    void aTrustedBlockWinsOverAClientsClaimedOrganisation() {
        assertThat(Blocks.jobBlockOrg(List.of(client(OTHER), trusted(Block.VERDICT, "", ACME)))).isEqualTo(ACME);
        assertThat(Blocks.jobBlockOrg(List.of(trusted(Block.MANUAL, "admin", null), client(OTHER)))).isNull();
        assertThat(Blocks.jobBlockOrg(List.of(trusted(Block.MANUAL, "vendor", ACME)))).isEqualTo(ACME);
    }

    private static Block client(UUID org) {
        Block b = trusted(Block.MANUAL, "client", org);
        return b;
    }

    private static Block trusted(String source, String role, UUID org) {
        Block b = new Block();
        b.source = source;
        b.createdByRole = role.isEmpty() ? null : role;
        b.orgId = org;
        b.scope = Block.JOB;
        return b;
    }
}
