package io.jgrad.examples.vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class TarReaderTest {
    private static TarReader reader(byte[] tgz) throws IOException {
        return new TarReader(new GZIPInputStream(new ByteArrayInputStream(tgz)));
    }

    @Test
    void regularFilesComeOutInOrderWithTheirBytesAndDirectoriesAreSkipped() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/data/a", new byte[] {1, 2, 3});
        files.put("package/data/b", new byte[1000]);
        try (TarReader tar = reader(SyntheticMnist.tgz(files))) {
            assertEquals("package/data/a", tar.nextFile());
            assertArrayEquals(new byte[] {1, 2, 3}, tar.content().readAllBytes());
            assertEquals("package/data/b", tar.nextFile());
            assertEquals(1000, tar.content().readAllBytes().length);
            assertNull(tar.nextFile());
        }
    }

    @Test
    void aFileNotReadIsSkipped() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("skipped", new byte[700]);
        files.put("read", new byte[] {9});
        try (TarReader tar = reader(SyntheticMnist.tgz(files))) {
            assertEquals("skipped", tar.nextFile());
            assertEquals("read", tar.nextFile());
            assertArrayEquals(new byte[] {9}, tar.content().readAllBytes());
        }
    }

    @Test
    void aHeaderWithAWrongChecksumIsRejected() throws IOException {
        byte[] header = SyntheticMnist.tarHeader("package/data/a", 0, '0');
        header[0] = 'q';
        TarReader tar = new TarReader(new ByteArrayInputStream(header));
        IOException e = assertThrows(IOException.class, tar::nextFile);
        assertTrue(e.getMessage().startsWith("corrupt tar header 'qackage/data/a': expected checksum"), e.getMessage());
    }
}
