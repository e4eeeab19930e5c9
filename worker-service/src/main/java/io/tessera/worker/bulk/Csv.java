package io.tessera.worker.bulk;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated cells, cells in double quotes may hold commas, line breaks
 * and doubled quotes; records end with CRLF or LF. Each record remembers the line it starts on, so
 * errors can name it. A byte-order mark at the start is skipped.
 */
final class Csv {
    /** One record: its cells and the 1-based line it starts on. */
    record Record(int line, List<String> cells) {
        boolean blank() {
            return cells.size() == 1 && cells.get(0).isBlank();
        }
    }

    /** A quote that is never closed, or text after a closing quote; names the line. */
    static final class Malformed extends Exception {
        final int line;

        Malformed(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private Csv() {
    }

    static List<Record> read(Reader in, int maxRecords) throws IOException, Malformed {
        List<Record> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int start = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        int c = in.read();
        if (c == '\uFEFF') {
            c = in.read();
        }
        if (c == -1) {
            return records;
        }
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new Malformed(start, "a quoted cell is not closed");
                }
                if (c == '"') {
                    int next = in.read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = next;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append((char) c);
                }
                c = in.read();
                continue;
            }
            if (c == ',' ) {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == '\r' || c == -1) {
                if (c == '\r') {
                    int next = in.read();
                    if (next != '\n') {
                        // a lone CR also ends the record
                        cells.add(cell.toString());
                        records.add(new Record(start, List.copyOf(cells)));
                        cells.clear();
                        cell.setLength(0);
                        afterQuote = false;
                        line++;
                        start = line;
                        c = next;
                        if (c == -1) {
                            return records;
                        }
                        continue;
                    }
                }
                cells.add(cell.toString());
                records.add(new Record(start, List.copyOf(cells)));
                if (records.size() > maxRecords) {
                    return records;
                }
                cells.clear();
                cell.setLength(0);
                afterQuote = false;
                if (c == -1) {
                    return records;
                }
                line++;
                start = line;
                c = in.read();
                if (c == -1) {
                    return records;
                }
                continue;
            } else if (afterQuote) {
                throw new Malformed(line, "text after a closing quote; double a quote inside a quoted cell");
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else {
                cell.append((char) c);
            }
            c = in.read();
        }
    }
}
