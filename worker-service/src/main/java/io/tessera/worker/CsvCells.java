package io.tessera.worker;

/**
 * One cell of a CSV this service writes (RFC 4180). Free text that a spreadsheet would run as a
 * formula ({@code =}, {@code +}, {@code -}, {@code @} or a control character first) gets a leading
 * {@code '}; cells with commas, quotes or line breaks are quoted.
 */
public final class CsvCells {
    private CsvCells() {
    }

    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = value;
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first < ' ') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
