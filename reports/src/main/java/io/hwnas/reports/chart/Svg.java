package io.hwnas.reports.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.internal.chartpart.Chart;

/** A chart as SVG text, ready to stand inline in an HTML page (XML prolog and doctype removed). */
public final class Svg {

    private Svg() {}

    /** The chart drawn by XChart through VectorGraphics2D, as a standalone SVG document. */
    public static String document(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing chart '" + chart.getTitle() + "': " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The same SVG for inline use in HTML: from its {@code <svg} element on, scaling with the page's width. */
    public static String inline(Chart<?, ?> chart) {
        String doc = document(chart);
        int start = doc.indexOf("<svg");
        if (start < 0) {
            throw new IllegalStateException("the SVG encoder wrote no <svg> element for chart '" + chart.getTitle()
                    + "'");
        }
        String svg = doc.substring(start);
        // A viewBox lets the browser scale the drawing to the column instead of clipping it.
        if (!svg.substring(0, svg.indexOf('>')).contains("viewBox")) {
            svg = svg.replaceFirst("<svg", "<svg viewBox=\"0 0 " + chart.getWidth() + " " + chart.getHeight()
                    + "\"");
        }
        return svg.replaceFirst("<svg", "<svg role=\"img\" aria-label=\"" + escape(chart.getTitle()) + "\"");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
