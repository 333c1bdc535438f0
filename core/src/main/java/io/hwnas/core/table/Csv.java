package io.hwnas.core.table;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 fields of one line: splitting (quoted fields, doubled quotes; no multi-line fields) and quoting, for
 * every CSV file hwnas reads or writes.
 *
 * <pre>{@code
 * Csv.split("a,\"b,c\"");           // [a, b,c]
 * Csv.quote("b,c");                 // "b,c"
 * }</pre>
 */
public final class Csv {

    private Csv() {}

    /**
     * {@code field} as one CSV field: quoted, its quotes doubled, when it holds a comma, a double quote, CR or LF;
     * as it is otherwise. {@code null} becomes the empty field.
     */
    public static String quote(String field) {
        if (field == null) {
            return "";
        }
        boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        out.add(f.toString());
        return out;
    }
}
