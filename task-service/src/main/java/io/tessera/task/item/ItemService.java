package io.tessera.task.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.task.access.JobAccess;
import io.tessera.task.job.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Adds items and gold items to a job, all or nothing. Regular items get {@code overlap} open
 * slots each, in the same statement that inserts them; gold items get none (every worker may
 * answer each gold item once).
 */
@ApplicationScoped
public class ItemService {
    private static final String EXISTING = "SELECT external_id FROM item WHERE job_id = ? AND external_id = ANY (?) LIMIT 20";
    private static final String INSERT = """
            WITH added AS (
                INSERT INTO item (job_id, external_id, data, gold, gold_answer, explanation, required_labels)
                SELECT ?, t.external_id, t.data::jsonb, ?, t.answer::jsonb, t.explanation, ?
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(external_id, data, answer, explanation)
                RETURNING id, gold, required_labels)
            INSERT INTO task_slot (item_id, slot, job_id, state, sort_key)
            SELECT added.id, s, j.id, 'open', slot_sort_key(j.schedule, added.id, s)
            FROM added, generate_series(1, added.required_labels) s, job j
            WHERE NOT added.gold AND j.id = ?""";

    private final JobAccess access;
    private final DataSource dataSource;
    private final ObjectMapper json;

    public ItemService(JobAccess access, DataSource dataSource, ObjectMapper json) {
        this.access = access;
        this.dataSource = dataSource;
        this.json = json;
    }

    @Transactional
    public UploadResult add(UUID jobId, InputStream body, boolean gold) {
        Job job = access.ownedForUpdate(jobId);
        if (job.state.isFinal()) {
            throw ApiProblem.conflict("Items cannot be added to a " + job.state.json() + " job");
        }
        if (!gold && job.purpose.goldOnly()) {
            throw ApiProblem.unprocessable("A " + job.purpose.json() + " job takes gold items only; nothing was stored",
                    List.of(new FieldError("purpose", "is " + job.purpose.json()
                            + ": upload gold items (POST /api/v1/jobs/" + job.id + "/gold), not regular items")));
        }
        List<ItemInput> items = ItemBatchParser.parse(body, json, job.schema, gold);
        try (Connection c = dataSource.getConnection()) {
            String[] ids = items.stream().map(ItemInput::externalId).toArray(String[]::new);
            rejectExisting(c, job.id, c.createArrayOf("text", ids));
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setObject(1, job.id);
                insert.setBoolean(2, gold);
                insert.setInt(3, job.overlap);
                insert.setArray(4, c.createArrayOf("text", ids));
                insert.setArray(5, c.createArrayOf("text", texts(items, i -> i.data().toString())));
                insert.setArray(6, c.createArrayOf("text", texts(items, i -> i.answer() == null ? null : i.answer().toString())));
                insert.setArray(7, c.createArrayOf("text", texts(items, ItemInput::explanation)));
                insert.setObject(8, job.id);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw ApiProblem.conflict("Another upload added some of these externalIds at the same time; nothing was stored");
            }
            throw new IllegalStateException(e);
        }
        return new UploadResult(items.size(), gold);
    }

    private static void rejectExisting(Connection c, UUID jobId, Array ids) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(EXISTING)) {
            q.setObject(1, jobId);
            q.setArray(2, ids);
            List<String> clashes = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    clashes.add(rs.getString(1));
                }
            }
            if (!clashes.isEmpty()) {
                throw ApiProblem.conflict("These externalIds already exist in the job, nothing was stored: " + clashes);
            }
        }
    }

    private static String[] texts(List<ItemInput> items, java.util.function.Function<ItemInput, String> field) {
        return items.stream().map(field).toArray(String[]::new);
    }

    public record UploadResult(int added, boolean gold) {
    }
}
