package io.hwnas.predictors.weka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settles Weka's process-wide settings before Weka first reads them, so that it neither writes to
 * {@code ~/wekafiles} nor looks for packages or scans the class path.
 *
 * <p>Weka 3.8 takes these from {@code weka.core.Environment}, a snapshot of the environment variables overlaid with
 * the system properties, made once when that class loads; so they are system properties set before any Weka class
 * that reads them loads, and only the first call counts:
 * <ul>
 *   <li>{@code WEKA_HOME}: Weka's own folder (packages, props, its log), here {@code <hwnas home>/weka};</li>
 *   <li>{@code weka.packageManager.offline=true} and {@code weka.packageManager.loadPackages=false}: no package
 *       repository is contacted and no installed package is loaded;</li>
 *   <li>{@code weka.test.maventest=true}: {@code ResourceUtils.forName} (behind {@code AbstractClassifier.forName})
 *       loads the named class directly instead of first calling {@code ClassDiscovery.find}, which walks every jar
 *       of the class path for each lookup, nested option classes included;</li>
 *   <li>{@code com.github.fommil.netlib.BLAS}, {@code LAPACK} and {@code ARPACK}: netlib's pure-Java F2J backend.
 *       Weka's matrix library would otherwise try the system's BLAS, then unpack a bundled native library into the
 *       temporary folder: results that depend on the machine, and files written outside the tool's home.</li>
 * </ul>
 */
final class WekaEnvironment {

    private static Path configured;

    private WekaEnvironment() {}

    /** Sets the properties, unless this process has done so already (Weka would not see a second home). */
    static synchronized void configure(Path wekaHome) {
        Objects.requireNonNull(wekaHome, "wekaHome");
        if (configured != null) {
            return;
        }
        Path home = wekaHome.toAbsolutePath().normalize();
        try {
            // Weka makes its folders with File.mkdir, which fails where the tool's home does not exist yet.
            Files.createDirectories(home);
        } catch (IOException e) {
            // Weka then says "Unable to create WEKA_HOME" and works without it: nothing it needs is kept there.
        }
        setIfAbsent("WEKA_HOME", home.toString());
        setIfAbsent("weka.packageManager.offline", "true");
        setIfAbsent("weka.packageManager.loadPackages", "false");
        setIfAbsent("weka.test.maventest", "true");
        for (String lib : new String[] {"BLAS", "LAPACK", "ARPACK"}) {
            setIfAbsent("com.github.fommil.netlib." + lib, "com.github.fommil.netlib.F2j" + lib);
        }
        configured = wekaHome;
    }

    /** A property the user set on the command line ({@code -DWEKA_HOME=...}) wins. */
    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
