package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpacesTest {

    /** A plugin space for discovery tests; only its name matters. */
    public static class ToySpace implements SearchSpace {
        private final String name;

        public ToySpace() {
            this("toy");
        }

        ToySpace(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Dimension> dimensions() {
            return List.of(new Dimension("only", List.of("a")));
        }

        @Override
        public BigInteger size() {
            return BigInteger.ONE;
        }

        @Override
        public Architecture decode(String text) {
            return new Architecture(name, "a", List.of(0));
        }

        @Override
        public Architecture fromGenome(List<Integer> genome) {
            return decode("a");
        }

        @Override
        public Architecture sample(SplittableRandom random) {
            return decode("a");
        }

        @Override
        public Architecture mutate(Architecture parent, SplittableRandom random, double rate) {
            return parent;
        }

        @Override
        public Architecture crossover(Architecture a, Architecture b, SplittableRandom random) {
            return a;
        }

        @Override
        public Graph buildGraph(Architecture architecture, GraphOptions options) {
            throw new UnsupportedOperationException();
        }
    }

    /** A plugin that claims a built-in's name. */
    public static class ImpostorSpace extends ToySpace {
        public ImpostorSpace() {
            super("nb201");
        }
    }

    private static ClassLoader withServices(Path dir, String... providers) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve(SearchSpace.class.getName()), List.of(providers));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, SearchSpacesTest.class.getClassLoader());
    }

    @Test
    void builtInsAreNb201Mbv3TransformerAndTheEarlyExitSpaces() {
        SearchSpaces spaces = SearchSpaces.builtIn();
        assertEquals(Set.of("mbv3", "mbv3-ee", "nb201", "nb201-ee", "transformer", "transformer-tiny"), spaces.names());
        assertInstanceOf(EarlyExitSpace.class, spaces.get("nb201-ee"));
        assertInstanceOf(Mbv3Space.class, ((EarlyExitSpace) spaces.get("mbv3-ee")).inner());
        assertInstanceOf(TransformerSpace.class, spaces.get("transformer"));
        assertInstanceOf(Nb201Space.class, spaces.get("nb201"));
        assertInstanceOf(Mbv3Space.class, spaces.get("mbv3"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchSpaces.builtIn().get("foo"));
        assertEquals("No search space 'foo'; known: [mbv3, mbv3-ee, nb201, nb201-ee, transformer, transformer-tiny]", e.getMessage());
        assertTrue(SearchSpaces.builtIn().find("foo").isEmpty());
    }

    @Test
    void discoveryFindsTheBuiltInsOnceThroughCoresOwnServiceFile() {
        SearchSpaces spaces = SearchSpaces.discover(getClass().getClassLoader());
        assertEquals(List.of("mbv3", "mbv3-ee", "nb201", "nb201-ee", "transformer", "transformer-tiny"), List.copyOf(spaces.names()));
    }

    @Test
    void discoveryAddsPluginSpaces(@TempDir Path dir) throws IOException {
        SearchSpaces spaces = SearchSpaces.discover(withServices(dir, ToySpace.class.getName()));
        assertEquals(List.of("mbv3", "mbv3-ee", "nb201", "nb201-ee", "toy", "transformer", "transformer-tiny"),
                List.copyOf(spaces.names()));
        assertEquals("toy:a", spaces.decode("toy", "anything").toString());
    }

    @Test
    void twoProvidersOfOneNameFailNamingBothClasses(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchSpaces.discover(withServices(dir, ImpostorSpace.class.getName())));
        assertEquals("search space 'nb201' is provided by both io.hwnas.core.space.Nb201Space and "
                + ImpostorSpace.class.getName(), e.getMessage());
    }

    @Test
    void rejectsAMalformedSpaceName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchSpaces.of(List.of(new ToySpace("Bad Name"))));
        assertTrue(e.getMessage().contains("'Bad Name'") && e.getMessage().contains(ToySpace.class.getName()),
                e.getMessage());
    }

    @Test
    void theRegistryCannotBeChanged() {
        SearchSpaces spaces = SearchSpaces.builtIn();
        assertThrows(UnsupportedOperationException.class, () -> spaces.names().clear());
        assertThrows(UnsupportedOperationException.class, () -> spaces.all().clear());
    }

    @Test
    void aLargeSpaceRefusesToEnumerate() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new Mbv3Space().enumerate());
        assertTrue(e.getMessage().contains("mbv3") && e.getMessage().contains("543966387314312146275"),
                e.getMessage());
    }
}
