package io.hwnas.reports.html;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The page around a report: one HTML file with its style and its one script inline, so that it opens offline and
 * fetches nothing. The script sorts tables by a click on a header and records any script error in the page (a test
 * in a real browser checks there is none).
 */
public final class Html {

    private Html() {}

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** A link that downloads {@code text} as a file, carried inside the page as a data URI. */
    public static String download(String fileName, String mime, String text, String label) {
        String data = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return "<a class=\"download\" download=\"" + escape(fileName) + "\" href=\"data:" + mime + ";base64," + data
                + "\">" + escape(label) + "</a>";
    }

    /** A two-column table of names and values. */
    public static String keyValues(List<String[]> rows) {
        StringBuilder b = new StringBuilder("<table class=\"kv\">\n");
        for (String[] r : rows) {
            b.append("<tr><th>").append(escape(r[0])).append("</th><td>").append(escape(r[1])).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** The whole page. {@code body} is trusted HTML (made by the report, every datum escaped). */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + "<script>\n" + ERRORS + "</script>\n" + body + "\n<script>\n" + SORT + "</script>\n</body>\n</html>\n";
    }

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0 auto;
                   max-width: 1180px; padding: 1.2em 1.6em 3em; color: #1d1d1f; line-height: 1.45; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
            .lead { color: #444; margin-top: 0; }
            .partial { background: #fff4e0; border: 1px solid #e69f00; padding: 0.6em 1em; border-radius: 4px; }
            .bad { background: #fdecea; border: 1px solid #d55e00; padding: 0.6em 1em; border-radius: 4px; }
            table { border-collapse: collapse; font-size: 0.9em; margin: 0.6em 0; }
            th, td { border: 1px solid #ddd; padding: 0.25em 0.55em; text-align: left; vertical-align: top; }
            th { background: #f4f4f6; }
            table.sortable th { cursor: pointer; user-select: none; }
            table.sortable th::after { content: " \\2195"; color: #999; font-size: 0.8em; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.arch, td code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; word-break: break-all; }
            table.kv th { width: 14em; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em; }
            .chart { flex: 1 1 540px; max-width: 760px; }
            .chart svg { width: 100%; height: auto; border: 1px solid #eee; }
            .caption { font-size: 0.85em; color: #555; margin: 0.2em 0 1em; }
            .no { color: #d55e00; font-weight: 600; }
            a.download { display: inline-block; margin: 0.2em 1em 0.2em 0; }
            footer { margin-top: 3em; font-size: 0.8em; color: #666; }
            """;

    private static final String ERRORS = """
            window.hwnasErrors = [];
            window.addEventListener('error', function (e) { window.hwnasErrors.push(String(e.message)); });
            """;

    private static final String SORT = """
            (function () {
              function key(cell) {
                var v = cell.getAttribute('data-v');
                if (v !== null && v !== '' && !isNaN(Number(v))) { return Number(v); }
                return cell.textContent.trim().toLowerCase();
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                table.querySelectorAll('thead th').forEach(function (th, col) {
                  th.addEventListener('click', function () {
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    var asc = th.getAttribute('data-order') !== 'asc';
                    rows.sort(function (a, b) {
                      var x = key(a.cells[col]), y = key(b.cells[col]);
                      if (typeof x === 'number' && typeof y === 'number') { return asc ? x - y : y - x; }
                      return asc ? String(x).localeCompare(String(y)) : String(y).localeCompare(String(x));
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                    table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('data-order'); });
                    th.setAttribute('data-order', asc ? 'asc' : 'desc');
                  });
                });
              });
              document.body.setAttribute('data-ready', window.hwnasErrors.length === 0 ? 'ok' : 'errors');
              document.body.setAttribute('data-errors', window.hwnasErrors.join(' | '));
            })();
            """;
}
