package io.hwnas.core.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void leavesAPlainFieldAsItIs() {
        assertEquals("nsga2:population=50", Csv.quote("nsga2:population=50"));
        assertEquals("|nor_conv_3x3~0|+|skip_connect~0|", Csv.quote("|nor_conv_3x3~0|+|skip_connect~0|"));
        assertEquals("", Csv.quote(""));
    }

    @Test
    void quotesCommasQuotesAndLineBreaksDoublingInnerQuotes() {
        assertEquals("\"a,b\"", Csv.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.quote("two\nlines"));
        assertEquals("\"cr\r\"", Csv.quote("cr\r"));
    }

    @Test
    void splitReadsBackWhatQuoteWrote() {
        List<String> fields = List.of("plain", "a,b", "say \"hi\"", "", "x\"");
        String line = String.join(",", fields.stream().map(Csv::quote).toList());
        assertEquals(fields, Csv.split(line));
    }

    @Test
    void writesNullAsTheEmptyField() {
        assertEquals("", Csv.quote(null));
    }
}
