package io.tessera.worker.team;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.common.security.Caller;
import io.tessera.worker.Timestamps;
import io.tessera.worker.vendor.VendorAccess;
import io.tessera.worker.vendor.VendorRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Teams of a vendor's workers: admins and the vendor's managers create, rename and delete them and
 * move workers in and out. A team of another vendor is a 404 under this vendor's path; another
 * vendor's path is a 403 (as everywhere for vendors). Team membership is not part of
 * {@code worker.updated}: task-service does not schedule by team.
 */
@ApplicationScoped
@Transactional
public class TeamService {
    private static final String MEMBERS = """
            SELECT a.id, a.username, a.display_name, a.active FROM worker w JOIN account a ON a.id = w.id
            WHERE w.team_id = ?1 ORDER BY a.username""";

    private final TeamRepository teams;
    private final VendorRepository vendors;
    private final EntityManager em;
    private final Clock clock;

    public TeamService(TeamRepository teams, VendorRepository vendors, EntityManager em, Clock clock) {
        this.teams = teams;
        this.vendors = vendors;
        this.em = em;
        this.clock = clock;
    }

    public TeamViews.Detail create(UUID vendorId, TeamRequests.Name request, Caller caller) {
        requireVendor(vendorId, caller);
        Team team = new Team();
        team.id = UUID.randomUUID();
        team.vendorId = vendorId;
        team.name = request.name().strip();
        team.createdAt = Timestamps.now(clock);
        persistNamed(team);
        return detail(team);
    }

    @Transactional(TxType.SUPPORTS)
    public List<TeamViews.Summary> list(UUID vendorId, Caller caller) {
        requireVendor(vendorId, caller);
        @SuppressWarnings("unchecked")
        List<Object[]> counts = em.createNativeQuery("""
                SELECT t.id, count(w.id) FROM team t LEFT JOIN worker w ON w.team_id = t.id
                WHERE t.vendor_id = ?1 GROUP BY t.id""").setParameter(1, vendorId).getResultList();
        java.util.Map<UUID, Long> sizes = new java.util.HashMap<>();
        counts.forEach(r -> sizes.put((UUID) r[0], ((Number) r[1]).longValue()));
        return teams.ofVendor(vendorId).stream()
                .map(t -> new TeamViews.Summary(t.id, t.vendorId, t.name, t.createdAt, sizes.getOrDefault(t.id, 0L)))
                .toList();
    }

    @Transactional(TxType.SUPPORTS)
    public TeamViews.Detail get(UUID vendorId, UUID teamId, Caller caller) {
        return detail(find(vendorId, teamId, caller));
    }

    public TeamViews.Detail rename(UUID vendorId, UUID teamId, TeamRequests.Name request, Caller caller) {
        Team team = find(vendorId, teamId, caller);
        team.name = request.name().strip();
        persistNamed(team);
        return detail(team);
    }

    /** Deletes the team; its members stay on the floor without a team. */
    public void delete(UUID vendorId, UUID teamId, Caller caller) {
        Team team = find(vendorId, teamId, caller);
        em.createNativeQuery("UPDATE worker SET team_id = NULL WHERE team_id = ?1").setParameter(1, team.id).executeUpdate();
        teams.delete(team);
    }

    /**
     * Adds workers of the vendor to the team (moving them out of any other team). All or nothing: an id
     * that is not a worker of this vendor is a 400 on {@code workerIds[i]}, whoever it belongs to.
     */
    public TeamViews.Detail addMembers(UUID vendorId, UUID teamId, TeamRequests.Members request, Caller caller) {
        Team team = find(vendorId, teamId, caller);
        List<UUID> ids = request.workerIds();
        @SuppressWarnings("unchecked")
        List<UUID> own = em.createNativeQuery("""
                SELECT id FROM account WHERE role = 'worker' AND vendor_id = ?1 AND id = ANY(?2)""", UUID.class)
                .setParameter(1, vendorId)
                .setParameter(2, ids.toArray(UUID[]::new))
                .getResultList();
        Set<UUID> ownSet = new HashSet<>(own);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!ownSet.contains(ids.get(i))) {
                errors.add(new FieldError("workerIds[" + i + "]", "is not a worker of this vendor"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest("Nothing was changed: " + errors.size() + " id(s) are not workers of this vendor",
                    errors.size() > 100 ? errors.subList(0, 100) : errors);
        }
        em.createNativeQuery("UPDATE worker SET team_id = ?1 WHERE id = ANY(?2)")
                .setParameter(1, team.id)
                .setParameter(2, ids.toArray(UUID[]::new))
                .executeUpdate();
        return detail(team);
    }

    /** Takes one worker out of the team; a worker who is not in it is a 404. */
    public void removeMember(UUID vendorId, UUID teamId, UUID workerId, Caller caller) {
        Team team = find(vendorId, teamId, caller);
        int changed = em.createNativeQuery("UPDATE worker SET team_id = NULL WHERE id = ?1 AND team_id = ?2")
                .setParameter(1, workerId)
                .setParameter(2, team.id)
                .executeUpdate();
        if (changed == 0) {
            throw ApiProblem.notFound("Team member", workerId);
        }
    }

    private void persistNamed(Team team) {
        try {
            teams.persistAndFlush(team);
        } catch (PersistenceException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConstraintViolationException c && "team_vendor_name_key".equals(c.getConstraintName())) {
                    throw ApiProblem.conflict("The vendor has a team named " + team.name + " already");
                }
            }
            throw e;
        }
    }

    private TeamViews.Detail detail(Team team) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(MEMBERS).setParameter(1, team.id).getResultList();
        List<TeamViews.Member> members = rows.stream()
                .map(r -> new TeamViews.Member((UUID) r[0], (String) r[1], (String) r[2], (Boolean) r[3]))
                .toList();
        return new TeamViews.Detail(team.id, team.vendorId, team.name, team.createdAt, members);
    }

    private void requireVendor(UUID vendorId, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        vendors.findByIdOptional(vendorId).orElseThrow(() -> ApiProblem.notFound("Vendor", vendorId));
    }

    private Team find(UUID vendorId, UUID teamId, Caller caller) {
        requireVendor(vendorId, caller);
        return teams.findByIdOptional(teamId).filter(t -> t.vendorId.equals(vendorId))
                .orElseThrow(() -> ApiProblem.notFound("Team", teamId));
    }
}
