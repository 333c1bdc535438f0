package io.hwnas.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The dependency rule (../shared/STYLE.md's module map): dependencies point toward core, and only cli wires. Checked
 * twice, so that it cannot rot: in the classes (what each module's main code imports) and in the poms (what each
 * module declares it needs).
 */
class ArchitectureTest {

    /** Each module and the hwnas modules its main code may use. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("core", Set.of());
        ALLOWED.put("devices", Set.of("core"));
        ALLOWED.put("profilers", Set.of("core", "devices"));
        ALLOWED.put("predictors", Set.of("core"));
        ALLOWED.put("reports", Set.of("core"));
        ALLOWED.put("training", Set.of("core"));
        ALLOWED.put("cluster", Set.of("core"));
    }

    /**
     * Every module's main classes, whether Maven puts them on the class path as folders (a test run) or as jars (a
     * verify, after packaging); never test classes or test-jars.
     */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(l -> !l.contains("/test-classes/") && !l.contains("-tests.jar"))
            .importPackages("io.hwnas");

    @TestFactory
    Stream<DynamicTest> eachModulesClassesUseOnlyTheModulesItMay() {
        return ALLOWED.entrySet().stream().map(e -> dynamicTest(e.getKey(), () -> {
            List<String> forbidden = new ArrayList<>();
            for (String other : ALLOWED.keySet()) {
                if (!other.equals(e.getKey()) && !e.getValue().contains(other)) {
                    forbidden.add("io.hwnas." + other + "..");
                }
            }
            forbidden.add("io.hwnas.cli..");
            noClasses().that().resideInAPackage("io.hwnas." + e.getKey() + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("dependencies point toward core, and only cli wires")
                    // cluster is on the class path only in a build with -Pspark.
                    .allowEmptyShould(e.getKey().equals("cluster")).check(MAIN);
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachModulesPomDeclaresOnlyTheModulesItMay() {
        Path root = Path.of("").toAbsolutePath().getParent();
        return ALLOWED.entrySet().stream().map(e -> dynamicTest(e.getKey(), () -> {
            Set<String> declared = mainDependencies(root.resolve(e.getKey()).resolve("pom.xml"));
            Set<String> extra = new TreeSet<>(declared);
            extra.removeAll(e.getValue());
            assertTrue(extra.isEmpty(), e.getKey() + "/pom.xml declares " + extra + "; it may use only "
                    + e.getValue());
        }));
    }

    /** The hwnas modules a pom depends on outside the test scope. */
    static Set<String> mainDependencies(Path pom) throws Exception {
        assertTrue(Files.isRegularFile(pom), pom + " not found");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Set<String> out = new TreeSet<>();
        Element project = doc.getDocumentElement();
        NodeList deps = project.getElementsByTagName("dependency");
        Pattern module = Pattern.compile("hwnas-(\\w+)");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            // Dependencies declared under a profile (cli's spark) are wiring, and only cli has them.
            if (d.getParentNode().getParentNode() != project) {
                continue;
            }
            String group = text(d, "groupId");
            String scope = text(d, "scope");
            Matcher m = module.matcher(text(d, "artifactId"));
            if ("io.hwnas".equals(group) && m.matches() && !"test".equals(scope)) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
    }
}
