package io.hwnas.reports.search;

/** The search report as CSV: the front, in the columns of the run's {@code front.csv}. */
public final class CsvSearchReport {

    private final SearchFacts f;

    public CsvSearchReport(SearchFacts facts) {
        this.f = facts;
    }

    public String render() {
        return f.files().frontCsv();
    }
}
