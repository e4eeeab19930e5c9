package io.tessera.worker.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a batch body into rows of named text cells, from CSV (a header line naming the columns) or
 * from JSON (an array of objects). Where a problem is reported: {@code line N} for CSV (1-based, the
 * header is line 1), {@code [i]} for JSON (0-based array index). Shapes only: what the cells must
 * contain is the caller's business.
 */
final class BulkRows {
    /** One row: where it came from (for error messages) and its cells by field name. */
    record Row(int index, String where, Map<String, JsonNode> cells) {
        String field(String name) {
            return where.startsWith("line ") ? where + ": " + name : where + "." + name;
        }
    }

    private BulkRows() {
    }

    /**
     * @param fields the field names a row may have; CSV headers match them case-insensitively,
     *               with or without underscores ({@code display_name} is {@code displayName})
     * @param listFields fields holding a list: a JSON array, or in CSV one cell of values separated by
     *               spaces, commas or semicolons
     */
    static List<Row> read(InputStream body, boolean csv, ObjectMapper json, Set<String> fields,
            Set<String> listFields, int maxRows) {
        List<Row> rows = csv ? csv(body, fields, listFields, maxRows) : json(body, json, fields, maxRows);
        if (rows.isEmpty()) {
            throw ApiProblem.badRequest("body", csv ? "holds no rows after the header" : "holds no rows; send a JSON array of objects");
        }
        if (rows.size() > maxRows) {
            throw ApiProblem.tooLarge("A batch may have at most " + maxRows + " rows; split it");
        }
        return rows;
    }

    private static List<Row> json(InputStream body, ObjectMapper json, Set<String> fields, int maxRows) {
        JsonNode array;
        try {
            array = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest("body", "could not be read");
        }
        if (array == null || !array.isArray()) {
            throw ApiProblem.badRequest("body", "must be a JSON array of objects");
        }
        List<Row> rows = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < array.size() && i <= maxRows; i++) {
            JsonNode node = array.get(i);
            String where = "[" + i + "]";
            if (!node.isObject()) {
                errors.add(new FieldError(where, "must be a JSON object"));
                continue;
            }
            Map<String, JsonNode> cells = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!fields.contains(field.getKey())) {
                    errors.add(new FieldError(where + "." + field.getKey(), "is not a known field (expected " + fields + ")"));
                } else if (!field.getValue().isNull()) {
                    cells.put(field.getKey(), field.getValue());
                }
            }
            rows.add(new Row(i, where, cells));
        }
        reject(errors);
        return rows;
    }

    private static List<Row> csv(InputStream body, Set<String> fields, Set<String> listFields, int maxRows) {
        List<Csv.Record> records;
        try {
            records = Csv.read(new InputStreamReader(body, StandardCharsets.UTF_8), maxRows + 1);
        } catch (Csv.Malformed e) {
            throw ApiProblem.badRequest("line " + e.line, e.getMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest("body", "could not be read");
        }
        records = records.stream().filter(r -> !r.blank()).toList();
        if (records.isEmpty()) {
            throw ApiProblem.badRequest("body", "is empty; the first line must name the columns");
        }
        Csv.Record header = records.get(0);
        Map<String, String> byKey = new LinkedHashMap<>();
        fields.forEach(f -> byKey.put(key(f), f));
        List<String> columns = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (String cell : header.cells()) {
            String field = byKey.get(key(cell));
            if (field == null) {
                errors.add(new FieldError("line " + header.line() + ": " + cell.strip(),
                        "is not a known column (expected " + fields + ")"));
            } else if (columns.contains(field)) {
                errors.add(new FieldError("line " + header.line() + ": " + cell.strip(), "appears twice in the header"));
            }
            columns.add(field);
        }
        reject(errors);
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            Csv.Record record = records.get(r);
            String where = "line " + record.line();
            if (record.cells().size() != columns.size()) {
                errors.add(new FieldError(where, "has " + record.cells().size() + " cells, the header has " + columns.size()));
                continue;
            }
            Map<String, JsonNode> cells = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                String text = record.cells().get(c).strip();
                if (text.isEmpty()) {
                    continue; // an empty cell is an absent value
                }
                String field = columns.get(c);
                if (listFields.contains(field)) {
                    com.fasterxml.jackson.databind.node.ArrayNode list =
                            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
                    for (String part : text.split("[\\s,;]+")) {
                        if (!part.isEmpty()) {
                            list.add(part);
                        }
                    }
                    cells.put(field, list);
                } else {
                    cells.put(field, com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
                }
            }
            rows.add(new Row(r - 1, where, cells));
        }
        reject(errors);
        return rows;
    }

    private static String key(String column) {
        return column.strip().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    static void reject(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            List<FieldError> shown = errors.size() > 100 ? errors.subList(0, 100) : errors;
            throw ApiProblem.badRequest("The batch was rejected, nothing was stored: " + errors.size()
                    + " problem(s), the first: " + errors.get(0).field() + " " + errors.get(0).message(), shown);
        }
    }
}
