package io.kerbridge.bench;

import io.kerbridge.kerberos.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the MIT-captured messages copied into {@code bench/src/main/resources/captures/}. */
final class Captures {
    private Captures() {}

    static Bytes load(String name) {
        String path = "/captures/" + name;
        try (InputStream in = Captures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return Bytes.fromHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
