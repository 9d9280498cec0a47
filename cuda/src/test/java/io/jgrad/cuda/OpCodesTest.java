package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.core.BinaryOp;
import io.jgrad.core.Fused;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.UnaryOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Java's op codes and common.cuh's enums are one list: read the header and compare, op by op. */
class OpCodesTest {

    static Map<String, Integer> codesInHeader() throws IOException {
        String header = Files.readString(Path.of("src/main/cuda/common.cuh"));
        Map<String, Integer> codes = new HashMap<>();
        Matcher m = Pattern.compile("\\b([UBR])_([A-Z_]+) = (\\d+)").matcher(header);
        while (m.find()) {
            codes.put(m.group(1) + "_" + m.group(2), Integer.parseInt(m.group(3)));
        }
        return codes;
    }

    @Test
    void everyOpHasTheCodeTheKernelsUse() throws IOException {
        Map<String, Integer> header = codesInHeader();
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(header.get("U_" + op.name()), OpCodes.of(op), "UnaryOp." + op);
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(header.get("B_" + op.name()), OpCodes.of(op), "BinaryOp." + op);
        }
        int pointwiseFused = 0;
        for (Fused.Kernel kernel : Fused.Kernel.values()) {
            if (kernel != Fused.Kernel.ADAM_STEP && kernel != Fused.Kernel.BINARY_CROSS_ENTROPY_SUM) {
                assertEquals(header.get("B_" + kernel.name()), OpCodes.of(kernel), "Fused.Kernel." + kernel);
                pointwiseFused++;
            }
        }
        for (ReduceOp op : ReduceOp.values()) {
            assertEquals(header.get("R_" + op.name()), OpCodes.of(op), "ReduceOp." + op);
        }
        assertEquals(header.get("U_COPY"), OpCodes.COPY);
        int ops = UnaryOp.values().length + 1 + BinaryOp.values().length + pointwiseFused + ReduceOp.values().length;
        assertEquals(ops, header.size(), "the header defines no code Java lacks: " + header.keySet());
    }

    @Test
    void theKernelRankLimitMatchesTheHeader() throws IOException {
        String header = Files.readString(Path.of("src/main/cuda/common.cuh"));
        assertEquals(true, header.contains("#define JG_MAX_RANK " + StridedLaunch.MAX_RANK));
    }
}
