package io.kerbridge.kerberos.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * MIT's {@code http_anchors} realm relation (krb5.conf(5)): "FILE:path" PEM certificates the
 * KKDCP client trusts instead of the system store.
 */
public final class HttpAnchors {
    private HttpAnchors() {}

    /** A TLS context trusting the anchors, or null when there are none (system trust store). */
    public static SSLContext context(List<String> anchors) throws IOException {
        if (anchors.isEmpty()) {
            return null;
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            int n = 0;
            for (String a : anchors) {
                Path p = Path.of(a.startsWith("FILE:") ? a.substring(5) : a);
                try (InputStream in = Files.newInputStream(p)) {
                    for (Certificate c : cf.generateCertificates(in)) {
                        ks.setCertificateEntry("anchor" + n++, c);
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load http_anchors " + anchors + ": " + e.getMessage(), e);
        }
    }
}
