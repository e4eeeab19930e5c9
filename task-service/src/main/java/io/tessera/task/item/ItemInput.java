package io.tessera.task.item;

import com.fasterxml.jackson.databind.JsonNode;

/** One parsed line of an item or gold upload; {@code answer} and {@code explanation} only for gold. */
public record ItemInput(String externalId, JsonNode data, JsonNode answer, String explanation) {
}
