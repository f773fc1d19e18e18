// W3C WebAuthn Level 2 §5.1.3 (navigator.credentials.create) and §5.1.4 (navigator.credentials.get), run by the
// browser pages that register a security key and sign the PRT nonce with it; protocol-notes §2.1.
package io.kerbridge.cloud.fido;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two self-contained pages (HTML with inline script, no external assets), read once from the classpath.
 * They are static: the script takes the tenant from its own path and everything else from the query string,
 * so nothing from the request is ever written into the markup.
 */
final class FidoPages {
    private final byte[] register;
    private final byte[] signin;

    private FidoPages(byte[] register, byte[] signin) {
        this.register = register;
        this.signin = signin;
    }

    static FidoPages load() {
        return new FidoPages(read("register.html"), read("signin.html"));
    }

    private static byte[] read(String name) {
        try (InputStream in = FidoPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/kerbridge/cloud/fido/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] register() {
        return register.clone();
    }

    byte[] signin() {
        return signin.clone();
    }
}
