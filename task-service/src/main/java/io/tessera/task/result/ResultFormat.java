package io.tessera.task.result;

import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The result formats, chosen by the Accept header (JSON when nothing else is asked for). */
public enum ResultFormat {
    JSON(MediaType.APPLICATION_JSON), JSONL("application/x-ndjson"), CSV("text/csv");

    private final String mediaType;

    ResultFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static ResultFormat negotiate(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            for (ResultFormat format : values()) {
                if (!type.isWildcardType() && type.isCompatible(MediaType.valueOf(format.mediaType))) {
                    return format;
                }
            }
            if (type.isWildcardType()) {
                return JSON;
            }
        }
        return JSON;
    }
}
