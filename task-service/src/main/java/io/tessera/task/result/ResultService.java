package io.tessera.task.result;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.task.access.JobAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Streams a job's results: per regular item its merged label, confidence, which merge produced it
 * ({@code mergedBy}: {@code live}, or the batch algorithm run when the job completed) and the raw labels. Rows are
 * read with a cursor and written as they come, so a large job never sits in memory whole.
 */
@ApplicationScoped
public class ResultService {
    private static final String RESULTS = """
            SELECT i.external_id, i.resolved, i.label::text, i.confidence,
                   coalesce(json_agg(json_build_object('workerId', s.worker_id, 'label', s.label,
                                                       'submittedAt', s.submitted_at) ORDER BY s.id)
                            FILTER (WHERE s.id IS NOT NULL), '[]')::text,
                   i.merged_by
            FROM item i LEFT JOIN submission s ON s.item_id = i.id
            WHERE i.job_id = ? AND NOT i.gold
            GROUP BY i.id ORDER BY i.id""";

    private final JobAccess access;
    private final DataSource dataSource;
    private final ObjectMapper json;

    public ResultService(JobAccess access, DataSource dataSource, ObjectMapper json) {
        this.access = access;
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Checks access now; the returned stream reads the rows when the response is written. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StreamingOutput results(UUID jobId, ResultFormat format) {
        UUID id = access.owned(jobId).id;
        return out -> stream(id, format, out);
    }

    private void stream(UUID jobId, ResultFormat format, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement q = c.prepareStatement(RESULTS)) {
                q.setFetchSize(500);
                q.setObject(1, jobId);
                try (ResultSet rs = q.executeQuery()) {
                    switch (format) {
                        case JSON -> writeJson(rs, out);
                        case JSONL -> writeJsonLines(rs, out);
                        case CSV -> writeCsv(rs, out);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeJson(ResultSet rs, OutputStream out) throws SQLException, IOException {
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartArray();
            while (rs.next()) {
                json.writeTree(g, row(rs));
            }
            g.writeEndArray();
        }
    }

    private void writeJsonLines(ResultSet rs, OutputStream out) throws SQLException, IOException {
        while (rs.next()) {
            out.write(json.writeValueAsBytes(row(rs)));
            out.write('\n');
        }
    }

    private void writeCsv(ResultSet rs, OutputStream out) throws SQLException, IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("externalId,resolved,label,confidence,labelCount,labels\r\n");
        while (rs.next()) {
            JsonNode label = tree(rs.getString(3));
            JsonNode labels = tree(rs.getString(5));
            double confidence = rs.getDouble(4);
            boolean hasConfidence = !rs.wasNull();
            w.write(csv(rs.getString(1)) + "," + rs.getBoolean(2) + ","
                    + csv(label == null ? "" : label.isTextual() ? label.textValue() : label.toString()) + ","
                    + (hasConfidence ? Double.toString(confidence) : "") + "," + labels.size() + ","
                    + csv(labels.toString()) + "\r\n");
        }
        w.flush();
    }

    private JsonNode row(ResultSet rs) throws SQLException {
        var node = json.createObjectNode();
        node.put("externalId", rs.getString(1));
        node.put("resolved", rs.getBoolean(2));
        node.set("label", tree(rs.getString(3)));
        double confidence = rs.getDouble(4);
        if (rs.wasNull()) {
            node.putNull("confidence");
        } else {
            node.put("confidence", confidence);
        }
        node.put("mergedBy", rs.getString(6));
        node.set("labels", tree(rs.getString(5)));
        return node;
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180 quoting. */
    static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
