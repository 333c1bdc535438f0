package io.hwnas.cli;

import io.hwnas.cli.device.DevicesCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesCliTest {

    @TempDir
    Path dir;

    @Test
    void listShowsEveryProfileAndWhyOneCannotRunHere() throws Exception {
        Result r = CliTest.run("devices", "list", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode byId = null;
        for (JsonNode d : r.json().get("devices")) {
            if (d.get("id").asText().equals("rpi5")) {
                byId = d;
            }
        }
        assertTrue(byId != null, r.out());
        assertEquals("spec", byId.get("method").asText());
        assertFalse(byId.get("available").asBoolean());
        assertTrue(byId.get("reason").asText().contains("spec sheet only"));
        Result show = CliTest.run("devices", "show", "jetson-nano");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("\"peakGflops\" : 236.0") && show.out().contains("NVIDIA Jetson Nano"),
                show.out());
        Result unknown = CliTest.run("devices", "show", "pi9");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("No device profile 'pi9'; known: [cpu, cpu-1t, cuda"), unknown.err());
    }

    @Test
    void validateNamesTheFileAndTheFieldAndAUserProfileMeasures() throws Exception {
        Path good = Files.writeString(dir.resolve("slow-cpu.json"),
                "{\"id\": \"slow-cpu\", \"name\": \"one thread, basic optimisations\", \"threads\": 1, "
                        + "\"optimizationLevel\": \"basic\", \"tags\": [\"test\"]}");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"id\": \"bad\", \"threads\": 0}");
        Result ok = CliTest.run("devices", "validate", good.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("valid, device 'slow-cpu' (cpu, local)"), ok.out());
        Result no = CliTest.run("devices", "validate", bad.toString());
        assertEquals(2, no.code());
        assertTrue(no.err().contains(bad + " /threads: must be >= 1, was 0"), no.err());
        Path huge = Files.writeString(dir.resolve("huge.json"), "{\"id\": \"huge\", \"threads\": 100000000}");
        Result tooMany = CliTest.run("devices", "validate", huge.toString());
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains(huge + " /threads: must be <= 1024, was 100000000"), tooMany.err());

        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.copy(good, profiles.resolve("slow-cpu.json"));
        Path model = dir.resolve("m.onnx");
        assertEquals(0, CliTest.run("export", "--space", "nb201", "--arch", DevicesCommand.Check.SANITY_ARCH, "-o",
                model.toString()).code());
        Result m = CliTest.run(CliTest.concat(new String[] {"measure", model.toString(), "--device", "slow-cpu",
            "--device-dir", profiles.toString(), "--db", dir.resolve("d.db").toString(), "--json"}, CliTest.FAST));
        assertEquals(0, m.code(), m.err());
        assertTrue(m.json().get("median_ms").asDouble() > 0);
        Result check = CliTest.run("devices", "check", "slow-cpu", "--device-dir", profiles.toString());
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().startsWith("slow-cpu: available; a small nb201 network runs in"), check.out());
        Result spec = CliTest.run("devices", "check", "rpi4");
        assertEquals(1, spec.code());
        assertTrue(spec.err().contains("rpi4 is a spec sheet only"), spec.err());
    }

    @Test
    void validateRefusesAShadowOfABuiltInADuplicateKeyAndTwoFilesOfOneId() throws Exception {
        Path cpu = Files.writeString(dir.resolve("cpu.json"), "{\"id\": \"cpu\", \"threads\": 2}");
        Result shadow = CliTest.run("devices", "validate", cpu.toString());
        assertEquals(2, shadow.code(), shadow.err());
        assertTrue(shadow.err().contains(cpu + " /id: 'cpu' is the id of the built-in device cpu"), shadow.err());
        Path variant = Files.writeString(dir.resolve("cpu4.json"), "{\"id\": \"cpu-4t\"}");
        Result v = CliTest.run("devices", "validate", variant.toString());
        assertEquals(2, v.code(), v.err());
        assertTrue(v.err().contains("(--device cpu --threads 4)"), v.err());
        Path twice = Files.writeString(dir.resolve("twice.json"), "{\"id\": \"pi\", \"threads\": 2,\n"
                + " \"threads\": 100000000}");
        Result dup = CliTest.run("devices", "validate", twice.toString());
        assertEquals(2, dup.code(), dup.err());
        assertTrue(dup.err().contains(twice + " line 2 column 11: not valid JSON: Duplicate field 'threads'"),
                dup.err());
        Path a = Files.writeString(dir.resolve("a.json"), "{\"id\": \"pi\"}");
        Path b = Files.writeString(dir.resolve("b.json"), "{\"id\": \"pi\", \"threads\": 2}");
        Result both = CliTest.run("devices", "validate", a.toString(), b.toString());
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains(b + " /id: 'pi' is also the id of " + a), both.err());
        Path dirOfShadows = Files.createDirectories(dir.resolve("shadows"));
        Files.copy(cpu, dirOfShadows.resolve("cpu.json"));
        Result list = CliTest.run("devices", "list", "--device-dir", dirOfShadows.toString());
        assertEquals(2, list.code(), list.err());
        assertTrue(list.err().contains("/id: 'cpu' is the id of the built-in device cpu"), list.err());
    }

    @Test
    void aSearchOnASpecSheetDeviceWithoutAReferencePredictsItsRooflineAndSaysSo() throws Exception {
        Result r = CliTest.run("search", "--device", "rpi5", "--spec-reference", "none", "--evaluations", "60",
                "--population", "10", "--budget", "latency_ms<=5", "--out", dir.resolve("s").toString(), "--db",
                dir.resolve("unused.db").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        for (JsonNode row : r.json().get("front")) {
            JsonNode pi = row.get("latency").get("rpi5");
            assertEquals("predicted", pi.get("source").asText());
            assertTrue(pi.get("measured_ms").isNull());
            assertTrue(row.get("latency_ms").asDouble() <= 5);
        }
        assertFalse(Files.exists(dir.resolve("unused.db")), "nothing was measured, so no database was opened");
        assertTrue(Files.readString(dir.resolve("s").resolve("report.html")).contains("predicted only, from the "
                + "spec sheet"));
        JsonNode device = Json.MAPPER.readTree(dir.resolve("s").resolve("manifest.json").toFile()).get("devices")
                .get(0);
        assertEquals("spec", device.get("kind").asText());
        assertTrue(device.get("source").asText().startsWith("roofline from the spec sheet (153.6 GFLOP/s"),
                device.toString());
    }

    /**
     * The default: a spec-sheet device's latency transferred from this machine's cpu-1t, whose warm-up sample is
     * measured for it (HWNAS_HOME is the build's target/hwnas-home, where this CPU's bandwidth is cached).
     */
    @Test
    void aSearchOnASpecSheetDeviceTransfersFromThisMachinesMeasurementsAndResumes() throws Exception {
        Path db = dir.resolve("ref.db");
        Path run = dir.resolve("t");
        Result r = CliTest.run(CliTest.concat(new String[] {"search", "--device", "rpi5", "--spec-reference",
            "cpu-1t", "--warmup-samples", "5", "--evaluations", "40", "--population", "10", "--budget",
            "latency_ms<=5", "--out", run.toString(), "--db", db.toString(), "--json"}, CliTest.FAST));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.json().get("front").size() > 0);
        for (JsonNode row : r.json().get("front")) {
            JsonNode pi = row.get("latency").get("rpi5");
            assertEquals("predicted", pi.get("source").asText());
            assertTrue(pi.get("measured_ms").isNull());
            assertTrue(pi.get("predicted_ms").asDouble() > 0);
        }
        JsonNode manifest = Json.MAPPER.readTree(run.resolve("manifest.json").toFile());
        JsonNode device = manifest.get("devices").get(0);
        assertEquals("spec", device.get("kind").asText());
        String source = device.get("source").asText();
        assertTrue(source.startsWith("transferred from cpu-1t measurements (a warm-up sample of 5 architectures) "
                + "with the spec sheets of cpu-1t ("), source);
        assertTrue(source.endsWith("predicted only, nothing measured on rpi5"), source);
        assertEquals("spec-transfer", device.get("details").get("predictor").asText());
        assertEquals(5, device.get("details").get("training_rows").asInt());
        assertTrue(device.get("details").get("reference_spec").asText().contains("this machine ("), device.toString());
        assertEquals("cpu-1t", manifest.path("search").path("measuring").path("spec_reference").asText());
        assertTrue(Files.isRegularFile(db), "the reference's measurements are stored");
        assertTrue(Files.readString(run.resolve("report.html")).contains("predicted only, from the spec sheet"));

        Result other = CliTest.run("search", "--resume", run.toString(), "--spec-reference", "none");
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("--spec-reference was \"cpu-1t\" there and is \"none\" now"), other.err());
        Result again = CliTest.run("search", "--resume", run.toString(), "--json");
        assertEquals(0, again.code(), again.err());
        assertEquals(r.json().get("front"), again.json().get("front"), "the reference's warm-up comes from the "
                + "database, so the transfer and its front are the same");

        // The reference also a device of the search: the transfer follows its measurements.
        Result both = CliTest.run(CliTest.concat(new String[] {"search", "--device", "rpi5", "--device", "cpu-1t",
            "--warmup-samples", "5", "--evaluations", "20", "--population", "10", "--measure-per-generation", "1",
            "--no-budget", "--out", dir.resolve("both").toString(), "--db", db.toString(), "--json"}, CliTest.FAST));
        assertEquals(0, both.code(), both.err());
        JsonNode follower = Json.MAPPER.readTree(dir.resolve("both").resolve("manifest.json").toFile())
                .get("devices").get(0);
        assertTrue(follower.get("source").asText().startsWith("transferred from cpu-1t measurements (its warm-up "
                + "sample and every measurement the search takes there)"), follower.toString());
        assertTrue(follower.get("details").get("refitted_as_the_search_measures").asBoolean());
    }

    @Test
    void aReferenceWithoutASpecOrThatIsASpecSheetIsRefusedBeforeMeasuring() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("bare"));
        Files.writeString(profiles.resolve("bare.json"), "{\"id\": \"bare\", \"method\": \"local\"}");
        Path db = dir.resolve("never.db");
        Result bare = CliTest.run("search", "--device", "rpi5", "--spec-reference", "bare", "--device-dir",
                profiles.toString(), "--db", db.toString(), "--out", dir.resolve("b").toString());
        assertEquals(2, bare.code(), bare.err());
        assertTrue(bare.err().contains("--spec-reference bare states no spec-sheet figures (peak GFLOP/s and memory "
                + "bandwidth)") && bare.err().contains("--spec-reference none"), bare.err());
        Result sheet = CliTest.run("search", "--device", "rpi5", "--spec-reference", "rpi4", "--db", db.toString(),
                "--out", dir.resolve("c").toString());
        assertEquals(2, sheet.code(), sheet.err());
        assertTrue(sheet.err().contains("--spec-reference rpi4 is a spec sheet itself"), sheet.err());
        Result unknown = CliTest.run("search", "--device", "rpi5", "--spec-reference", "pi9", "--db", db.toString(),
                "--out", dir.resolve("d").toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("--spec-reference: ") && unknown.err().contains("pi9"), unknown.err());
        assertFalse(Files.exists(db), "nothing was measured");
    }

    /** A device farm whose remote device is gone: it fails its own queue, this machine's queue finishes. */
    @Test
    void aFarmWithADeadAgentFailsOnlyThatDevice() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("farm"));
        Files.writeString(profiles.resolve("gone.token"), "t");
        // Port 9 (discard) on loopback: nothing listens there, so every connection is refused.
        Files.writeString(profiles.resolve("gone.json"), "{\"id\": \"gone\", \"method\": \"remote\", "
                + "\"remote\": {\"url\": \"http://127.0.0.1:9\", \"tokenFile\": \"gone.token\"}}");
        Path db = dir.resolve("farm.db");
        Result r = CliTest.run(CliTest.concat(new String[] {"profile", "--space", "nb201", "--samples", "3",
            "--seed", "4", "--device", "gone", "--device", "cpu-1t", "--device-dir", profiles.toString(), "--db",
            db.toString()}, CliTest.FAST));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("device gone stopped after 0 models") && r.err().contains("http://127.0.0.1:9"),
                r.err());
        assertTrue(r.out().contains("nb201 on cpu-1t (1 intra-op threads): 3 measured now"), r.out());
        assertTrue(r.out().contains("nb201 on gone"), r.out());
    }
}
