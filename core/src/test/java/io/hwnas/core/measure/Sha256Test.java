package io.hwnas.core.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {

    @Test
    void hashesTheStandardVector() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void fileHashEqualsBytesHash(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[200_000];
        new java.util.SplittableRandom(1).nextBytes(bytes);
        Path file = Files.write(dir.resolve("m.onnx"), bytes);
        assertEquals(Sha256.of(bytes), Sha256.ofFile(file));
    }
}
