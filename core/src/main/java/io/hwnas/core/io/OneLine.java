package io.hwnas.core.io;

/**
 * Text that came from a user or a file, made safe to print as one line of a terminal: messages quote what they were
 * given (an architecture string, a CSV header, a JSON value), and that may be 10 KB long, hold newlines, or hold
 * escape sequences that would drive the terminal.
 *
 * <p>Control characters are written as escapes ({@code \n}, {@code \t}, {@code \r}, {@code \x1b}), other
 * characters that print nothing or change how the rest prints (C1 controls, bidirectional overrides, unpaired
 * surrogates, unassigned code points) as {@code \u202e}, and a backslash stays one backslash. A line longer than
 * {@code max} printed characters keeps its beginning and its end (where a message says what was expected) and says
 * how much of the middle was cut:
 *
 * <pre>{@code
 * OneLine.of("mbv3 architecture '{\"ks\": [" + "7, ".repeat(3000) + "': not valid JSON", 200)
 * // mbv3 architecture '{"ks": [7, 7, 7, ... [8,862 characters cut] ... 7, 7, 7, ': not valid JSON
 * }</pre>
 */
public final class OneLine {

    /**
     * The longest line {@link #of(String)} prints, about a screen's width ten times: room for a message's own words
     * and its lists of known names, not for a 10 KB value it quotes.
     */
    public static final int MAX = 1000;

    /**
     * The length to cut a name or a value at that a message quotes among its own words (a CSV header or cell, a JSON
     * field): enough to tell which one it is, short enough to leave the message's words on the screen.
     */
    public static final int QUOTED = 60;

    /** Characters not worth cutting: about the length of the note that says how many were cut. */
    private static final int SLACK = 40;

    private OneLine() {}

    /** {@code text} escaped and cut to at most about {@link #MAX} characters. */
    public static String of(String text) {
        return of(text, MAX);
    }

    /** {@code text} escaped and, when longer than {@code max} characters, cut in the middle. */
    public static String of(String text, int max) {
        if (max < 40) {
            throw new IllegalArgumentException("max must be >= 40, but was " + max);
        }
        if (text == null) {
            return "null";
        }
        int tailBudget = max / 3;
        int headBudget = max - tailBudget;
        StringBuilder head = new StringBuilder();
        int i = 0;
        while (i < text.length() && head.length() < headBudget) {
            int cp = text.codePointAt(i);
            escape(cp, head);
            i += Character.charCount(cp);
        }
        if (i == text.length()) {
            return head.toString();
        }
        // Whole escapes only: the tail is built backwards from the end, one code point at a time.
        StringBuilder tail = new StringBuilder();
        int j = text.length();
        while (j > i && tail.length() < tailBudget) {
            int cp = text.codePointBefore(j);
            int start = j - Character.charCount(cp);
            StringBuilder one = new StringBuilder();
            escape(cp, one);
            tail.insert(0, one);
            j = start;
        }
        // Cutting less than the note would take is no cut. What the middle prints is what counts, not how many
        // characters it holds: 40 escapes print 160 characters or more.
        StringBuilder middle = new StringBuilder();
        for (int k = i; k < j && middle.length() <= SLACK; k += Character.charCount(text.codePointAt(k))) {
            escape(text.codePointAt(k), middle);
        }
        if (middle.length() <= SLACK) {
            return head.append(middle).append(tail).toString();
        }
        return head.append(" ... [").append(String.format(java.util.Locale.ROOT, "%,d", j - i))
                .append(" characters cut] ... ").append(tail).toString();
    }

    private static void escape(int cp, StringBuilder out) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (cp < 0x20 || cp == 0x7f) {
                    out.append(String.format(java.util.Locale.ROOT, "\\x%02x", cp));
                } else if (printable(cp)) {
                    out.appendCodePoint(cp);
                } else {
                    out.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
                }
            }
        }
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                    Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
