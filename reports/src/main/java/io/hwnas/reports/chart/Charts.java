package io.hwnas.reports.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, all XChart: one look (white, grid, legend below the plot so that it never covers points,
 * axis titles with units), colours that stay apart for colour-blind readers (Okabe–Ito).
 */
public final class Charts {

    public static final int WIDTH = 760;
    public static final int HEIGHT = 560;

    public static final Color GREY = new Color(0xB0, 0xB0, 0xB0);
    public static final Color BLUE = new Color(0x00, 0x72, 0xB2);
    public static final Color ORANGE = new Color(0xE6, 0x9F, 0x00);
    public static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
    public static final Color GREEN = new Color(0x00, 0x9E, 0x73);
    public static final Color PURPLE = new Color(0xCC, 0x79, 0xA7);
    public static final Color SKY = new Color(0x56, 0xB4, 0xE9);
    public static final Color BLACK = new Color(0x20, 0x20, 0x20);
    public static final List<Color> CYCLE = List.of(BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, BLACK);

    static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    static final BasicStroke THIN = new BasicStroke(1f);

    private Charts() {}

    /** An empty chart in the report's style. */
    public static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var st = c.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0x90, 0x90, 0x90));
        st.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
        st.setLegendPosition(LegendPosition.OutsideS);
        st.setLegendLayout(LegendLayout.Vertical);
        st.setLegendBorderColor(Color.WHITE);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setMarkerSize(7);
        st.setXAxisTickMarkSpacingHint(70);
        st.setYAxisTickMarkSpacingHint(45);
        st.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        return c;
    }

    /** Points without lines. */
    public static XYSeries points(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    /** A line without markers. */
    public static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dashed ? DASHED : new BasicStroke(2f));
        return s;
    }

    /** A step line (the front's staircase) with markers. */
    public static XYSeries staircase(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(color);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(1.5f));
        return s;
    }

    /**
     * A parity plot: measured against predicted latency, the line of perfect prediction and the ±10 % band.
     *
     * @param measured  ms
     * @param predicted ms, in the same order
     */
    public static XYChart parity(String title, double[] measured, double[] predicted) {
        XYChart c = chart(title, "measured latency (ms)", "predicted latency (ms)");
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < measured.length; i++) {
            lo = Math.min(lo, Math.min(measured[i], predicted[i]));
            hi = Math.max(hi, Math.max(measured[i], predicted[i]));
        }
        if (measured.length == 0) {
            lo = 0;
            hi = 1;
        }
        double pad = (hi - lo) * 0.05;
        lo = Math.max(0, lo - pad);
        hi = hi + pad;
        points(c, "predictions (" + measured.length + ")", measured, predicted, BLUE);
        line(c, "predicted = measured", new double[] {lo, hi}, new double[] {lo, hi}, BLACK, false);
        line(c, "±10 %", new double[] {lo, hi}, new double[] {lo * 1.1, hi * 1.1}, ORANGE, true);
        XYSeries low = line(c, "-10 %", new double[] {lo, hi}, new double[] {lo * 0.9, hi * 0.9}, ORANGE, true);
        low.setShowInLegend(false);
        c.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(lo).setYAxisMax(hi);
        return c;
    }
}
