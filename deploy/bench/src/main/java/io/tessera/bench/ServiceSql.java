package io.tessera.bench;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of task-service's upload, claim and submit paths, for the raw-SQL ceiling.
 *
 * <p>They are read at run time, reflectively, from the task-service classes on the class path
 * (run.sh puts the jar the local stack runs first: task-service/target/quarkus-app/app), so the
 * ceiling tracks the service's SQL without a copy to keep in sync. {@link RawLoad} binds
 * parameters the way the service does; it knows the shapes listed below (name and number of
 * parameters). If a statement disappears or its parameter count changes to one the bench does not
 * know, it falls back to the copy below (the SQL as of the bench's first commit), prints a
 * warning, and the table header says "STALE SQL COPY": then teach {@link RawLoad} the new binding.
 * The copies are only a fallback; they must track ClaimService, SubmissionService, ItemService and Outbox.
 */
final class ServiceSql {
    static final String CLAIM = "io.tessera.task.claim.ClaimService";
    static final String SUBMIT = "io.tessera.task.submission.SubmissionService";
    static final String ITEMS = "io.tessera.task.item.ItemService";
    static final String OUTBOX = "io.tessera.common.outbox.Outbox";

    /** One statement: where it came from and how many parameters it has (which tells RawLoad how to bind it). */
    record Stmt(String key, String sql, int params, boolean fromService) {
    }

    final Stmt jobs;
    final Stmt claim;
    final Stmt items;
    final Stmt byKey;
    final Stmt context;
    final Stmt finishAssignment;
    final Stmt finishSlot;
    final Stmt insertSubmission;
    final Stmt insertOutbox;
    /** ClaimService.COMMIT_MODE (set_config of synchronous_commit for the claim), or null before it existed. */
    final Stmt claimCommitMode;
    final List<String> notes = new ArrayList<>();
    boolean stale;

    private ServiceSql() {
        // The jobs a worker may claim from: ELIGIBLE_JOBS (7 parameters: scheduling and eligibility,
        // issue 3; 8 with the job again last, fair share counted only when no job is named; 10 with
        // the exam filters: job and worker before the job of the ORDER BY) or the earlier RUNNING_JOBS (2).
        jobs = pick(new String[] {CLAIM + ".ELIGIBLE_JOBS", CLAIM + ".RUNNING_JOBS"}, new int[][] {{7, 8, 10}, {2}}, """
                SELECT id, label_schema::text, instructions, gold_rate, lease_seconds, max_overlap FROM job
                WHERE state = 'running' AND (?::uuid IS NULL OR id = ?::uuid)
                ORDER BY priority DESC, created_at""");
        // 8 parameters, or 9 with the pairwise "flipped" flag last; or 7 when the two limits are written
        // into the text (two %d, candidates then tasks: RawLoad formats it as ClaimService.claimRegular does).
        claim = pick(new String[] {CLAIM + ".CLAIM_REGULAR"}, new int[][] {{7, 8, 9}}, """
                WITH candidate AS (
                    SELECT s.item_id, s.slot FROM task_slot s
                    WHERE s.job_id = ? AND s.state = 'open'
                      AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.item_id = s.item_id AND a.worker_id = ? OFFSET 0)
                    ORDER BY s.item_id, s.slot
                    LIMIT ? FOR UPDATE SKIP LOCKED),
                picked AS (
                    SELECT DISTINCT ON (item_id) item_id, slot FROM candidate ORDER BY item_id, slot LIMIT ?),
                leased AS (
                    UPDATE task_slot s SET state = 'leased', assignment_id = gen_random_uuid()
                    FROM picked WHERE s.item_id = picked.item_id AND s.slot = picked.slot
                    RETURNING s.item_id, s.slot, s.assignment_id),
                recorded AS (
                    INSERT INTO assignment (id, item_id, worker_id, job_id, slot, state, leased_at, lease_until)
                    SELECT assignment_id, item_id, ?, ?, slot, 'leased', ?, ? FROM leased
                    RETURNING id, item_id)
                SELECT r.id, i.data::text FROM recorded r JOIN item i ON i.id = r.item_id""");
        items = pick(new String[] {ITEMS + ".INSERT"}, new int[][] {{8}}, """
                WITH added AS (
                    INSERT INTO item (job_id, external_id, data, gold, gold_answer, explanation, required_labels)
                    SELECT ?, t.external_id, t.data::jsonb, ?, t.answer::jsonb, t.explanation, ?
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(external_id, data, answer, explanation)
                    RETURNING id, gold, required_labels)
                INSERT INTO task_slot (item_id, slot, job_id, state)
                SELECT added.id, s, ?, 'open' FROM added, generate_series(1, added.required_labels) s
                WHERE NOT added.gold""");
        byKey = pick(new String[] {SUBMIT + ".BY_KEY"}, new int[][] {{2}}, """
                SELECT id, assignment_id, submitted_at FROM submission WHERE worker_id = ? AND idempotency_key = ?""");
        // Columns 4 (item), 5 (slot), 6 (job), 8 (org) are read; more columns are fine.
        context = pick(new String[] {SUBMIT + ".CONTEXT"}, new int[][] {{1}}, """
                SELECT a.worker_id, a.state, a.lease_until, a.item_id, a.slot, a.job_id, j.state, j.org_id,
                       j.label_schema::text, j.max_overlap, i.gold, i.gold_answer::text, i.explanation, i.required_labels
                FROM assignment a JOIN item i ON i.id = a.item_id JOIN job j ON j.id = a.job_id
                WHERE a.id = ?""");
        // 2 parameters (id, now: state and lease checked in SQL), or 1 (by id: CONTEXT locks the row FOR UPDATE).
        finishAssignment = pick(new String[] {SUBMIT + ".FINISH_ASSIGNMENT"}, new int[][] {{1, 2}}, """
                UPDATE assignment SET state = 'submitted' WHERE id = ? AND state = 'leased' AND lease_until > ?""");
        finishSlot = pick(new String[] {SUBMIT + ".FINISH_SLOT"}, new int[][] {{3}}, """
                UPDATE task_slot SET state = 'done' WHERE item_id = ? AND slot = ? AND assignment_id = ? AND state = 'leased'""");
        insertSubmission = pick(new String[] {SUBMIT + ".INSERT"}, new int[][] {{8}}, """
                INSERT INTO submission (assignment_id, item_id, job_id, worker_id, label, duration_ms, idempotency_key, submitted_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id""");
        claimCommitMode = optional(CLAIM + ".COMMIT_MODE", 1);
        insertOutbox = pick(new String[] {OUTBOX + ".INSERT"}, new int[][] {{4}},
                "INSERT INTO outbox (event_id, topic, event_key, envelope) VALUES (?, ?, ?, ?::jsonb)");
    }

    static ServiceSql load() {
        ServiceSql s = new ServiceSql();
        String where;
        try {
            where = String.valueOf(Class.forName(CLAIM, false, ServiceSql.class.getClassLoader())
                    .getProtectionDomain().getCodeSource().getLocation());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            where = "not found (" + e + ")";
        }
        s.notes.add(0, "task-service classes: " + where);
        return s;
    }

    private Stmt pick(String[] keys, int[][] allowed, String copy) {
        List<String> tried = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            String text;
            try {
                text = constant(keys[k]);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                tried.add(keys[k] + ": " + e.getClass().getSimpleName());
                continue;
            }
            int params = parameters(text);
            for (int ok : allowed[k]) {
                if (ok == params) {
                    notes.add(keys[k].substring(keys[k].lastIndexOf('.', keys[k].lastIndexOf('.') - 1) + 1)
                            + " from the service (" + params + " parameters)");
                    return new Stmt(keys[k], text, params, true);
                }
            }
            tried.add(keys[k] + " has " + params + " parameters, the bench knows " + java.util.Arrays.toString(allowed[k]));
        }
        stale = true;
        notes.add("WARNING: STALE SQL COPY for " + keys[keys.length - 1] + " (" + String.join("; ", tried)
                + "): update ServiceSql and RawLoad");
        return new Stmt(keys[keys.length - 1], copy, parameters(copy), false);
    }

    /** A statement the service may not have (older versions): null, and a note, when it is missing. */
    private Stmt optional(String key, int params) {
        try {
            String text = constant(key);
            if (parameters(text) == params) {
                notes.add(key.substring(key.lastIndexOf('.', key.lastIndexOf('.') - 1) + 1) + " from the service ("
                        + params + " parameters)");
                return new Stmt(key, text, params, true);
            }
            notes.add(key + " has " + parameters(text) + " parameters, the bench knows " + params + ": not used");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            notes.add(key + ": not in this service version, not used");
        }
        return null;
    }

    private static String constant(String key) throws ReflectiveOperationException {
        int dot = key.lastIndexOf('.');
        Class<?> type = Class.forName(key.substring(0, dot), false, ServiceSql.class.getClassLoader());
        Field f = type.getDeclaredField(key.substring(dot + 1));
        f.setAccessible(true);
        return (String) f.get(null);
    }

    private static int parameters(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '?') {
                n++;
            }
        }
        return n;
    }
}
