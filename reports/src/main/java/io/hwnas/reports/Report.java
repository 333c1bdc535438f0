package io.hwnas.reports;

/** A report in the four formats hwnas writes: one HTML page, Markdown, CSV and JSON. */
public interface Report {

    String html();

    String markdown();

    String csv();

    String json();

    /** The report in {@code format}: {@code html}, {@code md}, {@code csv} or {@code json}. */
    default String render(String format) {
        return switch (format) {
            case "html" -> html();
            case "md" -> markdown();
            case "csv" -> csv();
            case "json" -> json();
            default -> throw new IllegalArgumentException("unknown report format '" + format + "'; known: html, md, "
                    + "csv, json");
        };
    }
}
