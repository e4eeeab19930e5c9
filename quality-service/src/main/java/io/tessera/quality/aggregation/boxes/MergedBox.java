package io.tessera.quality.aggregation.boxes;

/**
 * One cluster of matched boxes on an item, fused.
 *
 * @param box     the fused box: reliability-weighted mean corners, the (voted) label
 * @param support reliability-weighted share of the item's workers whose boxes are in the cluster (1 for gold)
 * @param workers how many workers drew a box in the cluster
 * @param meanIou mean IoU of the members with the fused box: how well the workers agree on where it is
 * @param kept    whether the box is in the merged answer (support above the threshold and enough workers)
 */
public record MergedBox(Box box, double support, int workers, double meanIou, boolean kept) {
}
