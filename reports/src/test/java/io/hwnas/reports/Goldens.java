package io.hwnas.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Reports as they were rendered before the reports were redesigned (issue 15), kept under
 * {@code src/test/resources/io/hwnas/reports/goldens/}: a test renders the same inputs and must get the same text.
 * They were recorded with {@code mvn -pl reports test -Dtest='*GoldensTest' -Dhwnas.reports.record=true}; a change
 * that alters a report on purpose records them again and says why in its commit.
 *
 * <p>A chart's SVG depends on the fonts of the machine (text widths move the plot), so a page keeps only each
 * {@code <svg>} element's opening tag, and the charts are compared by what they draw ({@link #describe}).
 */
public final class Goldens {

    static final Path DIR = Path.of("src/test/resources/io/hwnas/reports/goldens");
    static final boolean RECORD = Boolean.getBoolean("hwnas.reports.record");
    private static final Pattern SVG = Pattern.compile("(<svg[^>]*>).*?</svg>", Pattern.DOTALL);

    private Goldens() {}

    /** Asserts that {@code actual} is the recorded {@code name}, or records it. */
    public static void check(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (RECORD) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /** The page with each inline chart reduced to its opening tag (its title, size and view box). */
    public static String withoutDrawings(String html) {
        Matcher m = SVG.matcher(html);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + "[drawing]</svg>"));
        }
        return m.appendTail(b).toString();
    }

    /** What a chart draws, as text: titles, axis ranges set, and every series with its style and data. */
    public static String describe(XYChart c) {
        var st = c.getStyler();
        StringBuilder b = new StringBuilder("chart: ").append(c.getTitle()).append('\n')
                .append("x: ").append(c.getXAxisTitle()).append(" [").append(st.getXAxisMin()).append(", ")
                .append(st.getXAxisMax()).append("]\n")
                .append("y: ").append(c.getYAxisTitle()).append(" [").append(st.getYAxisMin()).append(", ")
                .append(st.getYAxisMax()).append("]\n");
        for (XYSeries s : c.getSeriesCollection()) {
            b.append("series: ").append(s.getName()).append("; ")
                    .append(s.getXYSeriesRenderStyle().map(Enum::name).orElse("default style"))
                    .append("; marker ").append(s.getMarker() == null ? "default" : s.getMarker().getClass()
                            .getSimpleName())
                    .append(' ').append(colour(s.getMarkerColor())).append("; line ").append(colour(s.getLineColor()))
                    .append(' ').append(stroke(s.getLineStyle())).append(" width ").append(s.getLineWidth())
                    .append(s.isShowInLegend() ? "" : "; not in the legend").append('\n')
                    .append("  x ").append(Arrays.toString(s.getXData())).append('\n')
                    .append("  y ").append(Arrays.toString(s.getYData())).append('\n');
        }
        return b.toString();
    }

    private static String colour(Color c) {
        return c == null ? "default" : String.format("#%06X", c.getRGB() & 0xFFFFFF);
    }

    private static String stroke(BasicStroke s) {
        return s == null ? "default" : s.getLineWidth() + (s.getDashArray() == null ? " solid"
                : " dashed " + Arrays.toString(s.getDashArray()));
    }
}
