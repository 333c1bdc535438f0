package io.hwnas.predictors.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.analytic.FlopsProvider;
import io.hwnas.predictors.analytic.RooflineProvider;
import io.hwnas.predictors.lut.LutProvider;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorRegistryTest {

    @TempDir
    Path dir;

    /** A plugin with a name of its choosing; public with a no-arg constructor so ServiceLoader can make it. */
    public static class Named implements PredictorProvider {
        private final String name;

        public Named() {
            this("extra");
        }

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test plugin";
        }

        @Override
        public PredictorTrainer trainer(String options, PredictorContext context) {
            throw new UnsupportedOperationException("test plugin");
        }
    }

    /** A second class claiming the built-in name {@code lut}. */
    public static class OtherLut extends Named {
        public OtherLut() {
            super("lut");
        }
    }

    private ClassLoader withServices(String... classes) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(PredictorProvider.class.getName()), String.join("\n", classes) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void builtInsAreFlopsLutAndRoofline() {
        assertEquals(Set.of("flops", "lut", "roofline"), PredictorRegistry.builtIns().names());
        assertInstanceOf(RooflineProvider.class, PredictorRegistry.builtIns().get("roofline"));
    }

    @Test
    void discoverAddsServiceProvidersAndCountsListedBuiltInsOnce() throws IOException {
        // this module's own services file lists the built-ins too
        PredictorRegistry r = PredictorRegistry.discover(withServices(Named.class.getName(),
                FlopsProvider.class.getName()));
        // the module's services file also lists the kernel and weka plugins
        assertEquals(List.of("extra", "flops", "kernel", "lut", "roofline", "weka"), List.copyOf(r.names()));
        assertEquals(r.names().size(), r.providers().size());
    }

    @Test
    void twoProvidersOfOneNameFailNamingBothClasses() throws IOException {
        ClassLoader loader = withServices(OtherLut.class.getName());
        var e = assertThrows(IllegalArgumentException.class, () -> PredictorRegistry.discover(loader));
        assertTrue(e.getMessage().contains(LutProvider.class.getName())
                && e.getMessage().contains(OtherLut.class.getName()), e.getMessage());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> PredictorRegistry.builtIns().get("x"));
        assertEquals("No predictor 'x'; known: [flops, lut, roofline]", e.getMessage());
    }

    @Test
    void rejectsAMalformedName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PredictorRegistry.of(List.of(new Named("Bad Name"))));
        assertTrue(e.getMessage().contains("'Bad Name'") && e.getMessage().contains(Named.class.getName()),
                e.getMessage());
    }

    @Test
    void parseSplitsAtTheFirstColonOnly() {
        PredictorSpec weka = PredictorRegistry.parse("weka:weka.classifiers.trees.M5P -M 4");
        assertEquals(new PredictorSpec("weka", "weka.classifiers.trees.M5P -M 4"), weka);
        assertEquals(new PredictorSpec("transfer", "base=lut:ridge=1"),
                PredictorRegistry.parse("transfer:base=lut:ridge=1"));
        assertEquals(new PredictorSpec("lut", ""), PredictorRegistry.parse(" lut "));
        assertEquals("weka:weka.classifiers.trees.M5P -M 4", weka.toString());
    }

    @Test
    void parseRejectsAMissingName() {
        var e = assertThrows(IllegalArgumentException.class, () -> PredictorRegistry.parse(":peak=1"));
        assertTrue(e.getMessage().contains("':peak=1'"), e.getMessage());
    }

    @Test
    void trainerParsesTheSpecAndPassesTheOptions() {
        var context = PredictorContext.of(SearchSpaces.builtIn().get("nb201"), 1, dir);
        var e = assertThrows(IllegalArgumentException.class,
                () -> PredictorRegistry.builtIns().trainer("flops:fit=cubic", context));
        assertTrue(e.getMessage().contains("cubic"), e.getMessage());
    }
}
