package io.tessera.quality.aggregation.boxes;

import java.util.Objects;

/**
 * A bounding box as a worker draws it: a label and pixel coordinates with the origin at the top left (the
 * task-service label shape {@code {label, x, y, w, h}}).
 */
public record Box(String label, double x, double y, double w, double h) {

    public Box {
        Objects.requireNonNull(label, "label");
        if (!(w > 0 && h > 0) || !Double.isFinite(x) || !Double.isFinite(y) || Double.isInfinite(w)
                || Double.isInfinite(h)) {
            throw new IllegalArgumentException("a box needs finite x, y and w, h > 0: " + x + ", " + y + ", " + w
                    + ", " + h);
        }
    }

    public double x2() {
        return x + w;
    }

    public double y2() {
        return y + h;
    }

    public double area() {
        return w * h;
    }

    /** Intersection over union with another box (labels ignored). */
    public double iou(Box o) {
        return iou(x, y, x + w, y + h, o.x, o.y, o.x + o.w, o.y + o.h);
    }

    /** IoU of two boxes given by corners (x1, y1, x2, y2). */
    public static double iou(double ax1, double ay1, double ax2, double ay2, double bx1, double by1, double bx2,
                             double by2) {
        double iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        double ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
        return inter / union;
    }
}
