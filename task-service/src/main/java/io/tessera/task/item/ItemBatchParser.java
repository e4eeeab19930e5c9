package io.tessera.task.item;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.task.schema.Json;
import io.tessera.task.schema.LabelSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads an upload of items (or gold items) given as a JSON array or as JSONL, and checks every
 * entry. Any problem rejects the whole batch: the 400 lists each bad line (1-based) and field.
 */
public final class ItemBatchParser {
    public static final int MAX_EXTERNAL_ID = 200;
    public static final int MAX_EXPLANATION = 10_000;
    private static final int MAX_REPORTED_ERRORS = 100;
    private static final Set<String> ITEM_FIELDS = Set.of("externalId", "data");
    private static final Set<String> GOLD_FIELDS = Set.of("externalId", "data", "answer", "explanation");
    /** PostgreSQL stores no U+0000 in text or jsonb; refused here rather than failing the insert with a 500. */
    private static final String NO_NUL = "must not contain the character U+0000 (NUL)";

    private final ObjectMapper json;
    private final LabelSchema.Checker schema;
    private final boolean gold;
    private final List<ItemInput> items = new ArrayList<>();
    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    private ItemBatchParser(ObjectMapper json, LabelSchema schema, boolean gold) {
        this.json = json;
        this.schema = schema.checker(); // read once per batch, not per line
        this.gold = gold;
    }

    /** Parses and validates the whole body; throws a 400 {@link ApiProblem} listing what is wrong. */
    public static List<ItemInput> parse(InputStream body, ObjectMapper json, LabelSchema schema, boolean gold) {
        ItemBatchParser parser = new ItemBatchParser(json, schema, gold);
        try {
            PushbackInputStream in = new PushbackInputStream(body, 1);
            int first = firstNonBlank(in);
            if (first == '[') {
                parser.readArray(in);
            } else if (first != -1) {
                parser.readLines(in);
            }
        } catch (IOException e) {
            throw ApiProblem.badRequest("body", "could not be read: " + e.getMessage());
        }
        if (parser.errors.isEmpty() && parser.items.isEmpty()) {
            throw ApiProblem.badRequest("body", "holds no items; send a JSON array or JSON lines");
        }
        if (!parser.errors.isEmpty()) {
            throw ApiProblem.badRequest("The batch was rejected, nothing was stored: " + parser.errors.get(0).field()
                    + " " + parser.errors.get(0).message(), parser.errors);
        }
        return parser.items;
    }

    private void readArray(InputStream in) throws IOException {
        try (JsonParser p = json.getFactory().createParser(in)) {
            p.nextToken(); // START_ARRAY
            while (true) {
                JsonToken token;
                try {
                    token = p.nextToken();
                } catch (JsonProcessingException e) {
                    error(e.getLocation().getLineNr(), "body", "is not valid JSON: " + e.getOriginalMessage());
                    return;
                }
                if (token == JsonToken.END_ARRAY || token == null) {
                    return;
                }
                int line = p.currentTokenLocation().getLineNr();
                try {
                    accept(line, p.readValueAsTree());
                } catch (JsonProcessingException e) {
                    error(e.getLocation().getLineNr(), "body", "is not valid JSON: " + e.getOriginalMessage());
                    return;
                }
                if (errors.size() >= MAX_REPORTED_ERRORS) {
                    return;
                }
            }
        }
    }

    private void readLines(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String text;
        int line = 0;
        while ((text = reader.readLine()) != null && errors.size() < MAX_REPORTED_ERRORS) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                accept(line, json.readTree(text));
            } catch (JsonProcessingException e) {
                error(line, "body", "is not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    private void accept(int line, JsonNode node) {
        if (!node.isObject()) {
            error(line, "body", "must be a JSON object");
            return;
        }
        int before = errors.size();
        Set<String> allowed = gold ? GOLD_FIELDS : ITEM_FIELDS;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                error(line, name, "is not a known field (expected " + allowed + ")");
            }
        }
        JsonNode id = node.get("externalId");
        String externalId = null;
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
            error(line, "externalId", "is required: a string or an integer");
        } else {
            externalId = id.asText().strip();
            if (externalId.isEmpty() || externalId.length() > MAX_EXTERNAL_ID) {
                error(line, "externalId", "must be 1 to " + MAX_EXTERNAL_ID + " characters");
            } else if (externalId.indexOf('\0') >= 0) {
                error(line, "externalId", NO_NUL);
            } else if (!seen.add(externalId)) {
                error(line, "externalId", "'" + externalId + "' appears twice in this batch");
            }
        }
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            error(line, "data", "is required");
        } else if (Json.containsNul(data)) {
            error(line, "data", NO_NUL);
        } else {
            // What the job's label kind needs from every item: the image size of bounding boxes, the
            // text of text spans, the two outputs of pairwise.
            for (FieldError e : schema.checkItemData(data, "data")) {
                error(line, e.field(), e.message());
            }
        }
        JsonNode answer = null;
        String explanation = null;
        if (gold) {
            answer = node.get("answer");
            for (FieldError e : schema.validate(answer, data, "answer")) {
                error(line, e.field(), e.message());
            }
            JsonNode why = node.get("explanation");
            if (why != null && !why.isNull()) {
                if (!why.isTextual() || why.textValue().length() > MAX_EXPLANATION) {
                    error(line, "explanation", "must be a string of at most " + MAX_EXPLANATION + " characters");
                } else if (why.textValue().indexOf('\0') >= 0) {
                    error(line, "explanation", NO_NUL);
                } else {
                    explanation = why.textValue();
                }
            }
        }
        if (errors.size() == before) {
            items.add(new ItemInput(externalId, data, answer, explanation));
        }
    }

    private void error(int line, String field, String message) {
        errors.add(new FieldError("line " + line + ": " + field, message));
    }

    private static int firstNonBlank(PushbackInputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0xEF || b == 0xBB || b == 0xBF);
        if (b != -1) {
            in.unread(b);
        }
        return b;
    }
}
