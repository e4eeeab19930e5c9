package io.tessera.worker.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void readsQuotedCellsAndRemembersWhereEachRecordStarts() throws Exception {
        List<Csv.Record> records = Csv.read(new StringReader(
                "\uFEFFa,b\r\n\"x, y\",\"two\nlines\"\n\"say \"\"hi\"\"\",\nlast,one"), 10);
        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 2, 4, 5);
        assertThat(records.get(0).cells()).containsExactly("a", "b");
        assertThat(records.get(1).cells()).containsExactly("x, y", "two\nlines");
        assertThat(records.get(2).cells()).containsExactly("say \"hi\"", "");
        assertThat(records.get(3).cells()).containsExactly("last", "one");
    }

    @Test
    void aLoneCarriageReturnEndsARecordAndATrailingNewlineAddsNone() throws Exception {
        assertThat(Csv.read(new StringReader("a\rb\n"), 10)).extracting(Csv.Record::line).containsExactly(1, 2);
        assertThat(Csv.read(new StringReader(""), 10)).isEmpty();
    }

    @Test
    void stopsReadingAfterTheLimit() throws Exception {
        assertThat(Csv.read(new StringReader("1\n2\n3\n4\n5\n"), 2)).hasSize(3);
    }

    @Test
    void malformedQuotesNameTheLine() {
        assertThatThrownBy(() -> Csv.read(new StringReader("a\n\"open\n"), 10))
                .isInstanceOfSatisfying(Csv.Malformed.class, e -> assertThat(e.line).isEqualTo(2));
        assertThatThrownBy(() -> Csv.read(new StringReader("a\nb\n\"q\"x\n"), 10))
                .isInstanceOfSatisfying(Csv.Malformed.class, e -> assertThat(e.line).isEqualTo(3));
    }
}
