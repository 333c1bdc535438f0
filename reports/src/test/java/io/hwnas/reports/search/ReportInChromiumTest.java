package io.hwnas.reports.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.search.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search report in a real browser: headless Chromium (Debian's {@code chromium}, which CI installs) loads the
 * file with the network off, runs its script and takes a screenshot. The page must not be blank, its script must have
 * run without an error, and the browser must log no error from the page. The screenshot is kept in
 * {@code reports/target/} for a human to look at.
 */
class ReportInChromiumTest {

    @TempDir
    Path tmp;

    private static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private record Run(int code, String out, String err) {}

    private Run browse(String browser, Path page, String... action) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"), "--enable-logging=stderr",
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"));
        cmd.addAll(List.of(action));
        cmd.add(page.toUri().toString());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReportRendersInChromiumWithoutErrors() throws Exception {
        Optional<String> browser = chromium();
        assumeTrue(browser.isPresent(), "chromium is not installed (CI installs it: apt-get install chromium)");
        SearchReport report = new SearchReport(RunDirectory.load(Runs.loop(tmp.resolve("run"))), List.of());
        Path page = tmp.resolve("report.html");
        Files.writeString(page, report.html(), StandardCharsets.UTF_8);

        Run dom = browse(browser.get(), page, "--dump-dom");
        assertEquals(0, dom.code(), dom.err());
        assertTrue(dom.out().contains("data-ready=\"ok\""), "the page's script did not finish cleanly: "
                + dom.out().substring(dom.out().indexOf("<body"), dom.out().indexOf("<body") + 200));
        assertTrue(dom.out().contains("data-errors=\"\""), "script errors were recorded");
        assertPageLoggedNoError(dom.err());

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        Run s = browse(browser.get(), page, "--window-size=1280,2400", "--screenshot=" + shot);
        assertEquals(0, s.code(), s.err());
        assertPageLoggedNoError(s.err());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
        long ink = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    ink++;
                }
            }
        }
        long samples = (long) (img.getHeight() / 2) * (img.getWidth() / 2);
        assertTrue(ink > samples / 20, "the page looks blank: " + ink + " of " + samples + " samples not white");
        assertTrue(colours.size() > 50, "too few colours for text and charts: " + colours.size());
    }

    /** Chromium logs a page's console errors and failed loads; its own start-up noise (D-Bus, GPU) is not the page's. */
    private static void assertPageLoggedNoError(String log) {
        for (String line : log.split("\n")) {
            boolean page = line.contains(":CONSOLE") || line.contains("Uncaught") || line.contains("net::ERR_");
            assertTrue(!page, "the page logged: " + line);
        }
    }
}
