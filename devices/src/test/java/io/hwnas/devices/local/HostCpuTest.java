package io.hwnas.devices.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.devices.spec.DeviceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCpuTest {

    @TempDir
    Path dir;

    /** Two processors of this project's build VM, as its /proc/cpuinfo shows them (flags shortened). */
    static final String ZEN4 = """
            processor	: 0
            vendor_id	: AuthenticAMD
            cpu family	: 25
            model		: 17
            model name	: AMD EPYC
            cpu MHz		: 2596.150
            flags		: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512bw avx512vl
            bogomips	: 5192.30

            processor	: 1
            vendor_id	: AuthenticAMD
            cpu family	: 25
            model		: 17
            model name	: AMD EPYC
            cpu MHz		: 2596.151
            flags		: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512bw avx512vl
            """;

    static final String HASWELL = """
            processor	: 0
            vendor_id	: GenuineIntel
            cpu family	: 6
            model		: 60
            model name	: Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz
            cpu MHz		: 3400.000
            flags		: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2
            """;

    /** A Raspberry Pi 4: no clock in /proc/cpuinfo, NEON as "asimd". */
    static final String PI4 = """
            processor	: 0
            BogoMIPS	: 108.00
            Features	: fp asimd evtstrm crc32 cpuid
            CPU implementer	: 0x41
            CPU part	: 0xd08

            processor	: 1
            BogoMIPS	: 108.00
            Features	: fp asimd evtstrm crc32 cpuid
            CPU implementer	: 0x41
            CPU part	: 0xd08
            """;

    @Test
    void parsesAZen4CpuinfoAndCountsAvx512AtThirtyTwoFlopsACycle() {
        HostCpu.CpuInfo info = HostCpu.CpuInfo.parse(ZEN4);
        assertEquals("AuthenticAMD", info.vendor());
        assertEquals("AMD EPYC, family 25 model 17", info.description());
        assertEquals(2596.151, info.mhz().getAsDouble(), 1e-9, "the largest clock of all processors");
        assertEquals(2, info.processors());
        HostCpu.Isa isa = info.isa().orElseThrow();
        assertEquals("AVX-512 on AMD", isa.name());
        assertEquals(32, isa.flops());
        assertEquals(64, HostCpu.CpuInfo.parse(ZEN4.replace("AuthenticAMD", "GenuineIntel")).isa().orElseThrow()
                .flops(), "Intel AVX-512: two FMA units assumed");
        assertEquals(32, HostCpu.CpuInfo.parse(HASWELL).isa().orElseThrow().flops());
        assertEquals(8, HostCpu.CpuInfo.parse(HASWELL.replace(" fma", "").replace(" avx2", "").replace(" avx", ""))
                .isa().orElseThrow().flops());
    }

    @Test
    void thePeakIsCoresTimesClockTimesFlopsPerCycleAndTheSourceSaysHow() {
        HostCpu.CpuInfo info = HostCpu.CpuInfo.parse(ZEN4);
        DeviceSpec one = HostCpu.spec(info, OptionalDouble.empty(), 1, "vm", dir.resolve("c.json"), t -> 30.0)
                .orElseThrow();
        assertEquals(2596.151 * 32 / 1000, one.peakGflops(), 1e-9);
        assertEquals(30.0, one.memoryBandwidthGBs());
        assertTrue(one.source().contains("1 core x 2596 MHz (cpu MHz in /proc/cpuinfo"), one.source());
        assertTrue(one.source().contains("32 FP32 FLOP/cycle (AVX-512 on AMD, assumed: Zen 4"), one.source());
        assertTrue(one.source().contains("memory bandwidth 30.0 GB/s, measured with 1 thread"), one.source());
        DeviceSpec many = HostCpu.spec(info, OptionalDouble.of(3700), 8, "vm", dir.resolve("c.json"), t -> 33.0)
                .orElseThrow();
        assertEquals(2 * 3700 * 32 / 1000.0, many.peakGflops(), 1e-9, "cores used are capped at the processors");
        assertTrue(many.source().contains("2 cores x 3700 MHz (cpufreq maximum)"), many.source());
    }

    @Test
    void theBandwidthIsMeasuredOncePerHostAndThreadCountThenReadFromTheCache() throws Exception {
        HostCpu.CpuInfo info = HostCpu.CpuInfo.parse(ZEN4);
        Path cache = dir.resolve("home").resolve(HostCpu.CACHE_FILE);
        List<Integer> probed = new ArrayList<>();
        HostCpu.BandwidthProbe probe = t -> {
            probed.add(t);
            return 10.0 * t;
        };
        assertEquals(10.0, HostCpu.spec(info, OptionalDouble.empty(), 1, "vm", cache, probe).orElseThrow()
                .memoryBandwidthGBs());
        assertEquals(20.0, HostCpu.spec(info, OptionalDouble.empty(), 2, "vm", cache, probe).orElseThrow()
                .memoryBandwidthGBs());
        assertEquals(10.0, HostCpu.spec(info, OptionalDouble.empty(), 1, "vm", cache, probe).orElseThrow()
                .memoryBandwidthGBs());
        assertEquals(List.of(1, 2), probed, "each thread count measured once");
        assertTrue(Files.readString(cache).contains("\"host_cpu\" : \"vm / AuthenticAMD AMD EPYC, family 25 model "
                + "17\""), Files.readString(cache));
        HostCpu.spec(info, OptionalDouble.empty(), 1, "another-host", cache, probe);
        assertEquals(List.of(1, 2, 1), probed, "a cache of another host is measured again");
    }

    @Test
    void aCpuWithoutAClockOrKnownSimdHasNoSpec() {
        HostCpu.CpuInfo pi = HostCpu.CpuInfo.parse(PI4);
        assertEquals(2, pi.processors());
        assertEquals("NEON", pi.isa().orElseThrow().name());
        assertTrue(pi.mhz().isEmpty());
        assertEquals(Optional.empty(), HostCpu.spec(pi, OptionalDouble.empty(), 1, "pi", dir.resolve("p.json"),
                t -> 1.0));
        assertEquals(1.5 * 8, HostCpu.spec(pi, OptionalDouble.of(1500), 1, "pi", dir.resolve("p.json"), t -> 1.0)
                .orElseThrow().peakGflops(), 1e-9, "the cpufreq maximum gives the clock");
        assertTrue(HostCpu.CpuInfo.parse("processor : 0\nflags : fpu\n").isa().isEmpty());
    }

    @Test
    void theCopyBenchmarkGivesAPlausibleBandwidth() {
        double gbs = HostCpu.measureBandwidth(1);
        assertTrue(gbs > 0.5 && gbs < 2000, gbs + " GB/s");
    }
}
