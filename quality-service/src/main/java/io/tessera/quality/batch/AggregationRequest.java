package io.tessera.quality.batch;

/** {@code POST /api/v1/jobs/{id}/aggregations}: which algorithm (default {@code ds}); whether to publish changed labels. */
public record AggregationRequest(String algorithm, Boolean publish) {
}
