package io.tessera.quality.aggregation.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How transcriptions are compared: always Unicode NFC with runs of whitespace collapsed to one space and the ends
 * trimmed; optionally case-folded and without punctuation. Merged texts come out in this normal form.
 *
 * @param ignoreCase        compare (and output) in lower case (Locale.ROOT)
 * @param ignorePunctuation drop Unicode punctuation before comparing (and in the output)
 */
public record TextNormalization(boolean ignoreCase, boolean ignorePunctuation) {

    /** NFC and whitespace only. */
    public static final TextNormalization DEFAULT = new TextNormalization(false, false);

    public String apply(String s) {
        String t = Normalizer.normalize(s, Normalizer.Form.NFC);
        if (ignorePunctuation) {
            t = t.replaceAll("\\p{P}+", "");
        }
        if (ignoreCase) {
            t = t.toLowerCase(Locale.ROOT);
        }
        return t.strip().replaceAll("\\s+", " ");
    }

    /** The normal form split into words (none for a blank text). */
    public String[] words(String s) {
        String t = apply(s);
        return t.isEmpty() ? new String[0] : t.split(" ");
    }
}
