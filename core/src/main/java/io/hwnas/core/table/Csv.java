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

    /** How many characters of a cell {@link #shown} keeps. */
    public static final int SHOWN = 60;

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

    /**
     * {@code text} as a message may show it: cut to {@value #SHOWN} characters, control characters escaped, so that
     * a cell or a header of a hostile or binary file cannot flood or garble the one line an error is.
     */
    public static String shown(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        int n = Math.min(text.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(ch) && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean pairedLow = Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (Character.isISOControl(ch) || Character.isSurrogate(ch) && !pairedHigh && !pairedLow) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return text.length() > SHOWN ? b.append("... (").append(text.length()).append(" characters)").toString()
                : b.toString();
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
