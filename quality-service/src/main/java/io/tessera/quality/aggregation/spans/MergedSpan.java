package io.tessera.quality.aggregation.spans;

/**
 * One candidate span of an item after voting.
 *
 * @param span          the span: the (label, start, end) with the most weight in its cluster
 * @param support       reliability-weighted share of the item's workers who marked a span in the cluster
 * @param workers       how many workers marked a span in the cluster
 * @param boundaryShare share of the cluster's weight on exactly these offsets (1 with exact voting)
 * @param kept          whether the span is in the merged answer
 */
public record MergedSpan(Span span, double support, int workers, double boundaryShare, boolean kept) {
}
