package io.kerbridge.cli;

import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * The JDK's own Kerberos (JAAS Krb5LoginModule + JGSS) as a real peer: it reads a ccache we wrote and
 * uses the TGT in it to get a service ticket from the KDC and build an AP-REQ.
 */
final class JdkGss {
    private JdkGss() {}

    record Result(String clientName, int tokenLength, byte[] token) {}

    /** {@code service} is a full Kerberos principal, e.g. HTTP/host@REALM. */
    static synchronized Result initiate(Path krb5Conf, Path ccache, String service) throws Exception {
        System.setProperty("java.security.krb5.conf", krb5Conf.toString());
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("useTicketCache", "true", "ticketCache", ccache.toString(), "doNotPrompt", "true",
                                "refreshKrb5Config", "true"))};
            }
        };
        LoginContext lc = new LoginContext("kerbridge-test", new Subject(), null, jaas);
        lc.login();
        return Subject.callAs(lc.getSubject(), () -> {
            GSSManager m = GSSManager.getInstance();
            Oid krb5 = new Oid("1.2.840.113554.1.2.2");
            GSSName server = m.createName(service, new Oid("1.2.840.113554.1.2.2.1"));
            GSSContext ctx = m.createContext(server, krb5, null, GSSContext.DEFAULT_LIFETIME);
            byte[] token = ctx.initSecContext(new byte[0], 0, 0);
            String client = ctx.getSrcName().toString();
            ctx.dispose();
            return new Result(client, token.length, token);
        });
    }

    record Accepted(String clientName, byte[] replyToken) {}

    /** The JDK as a GSS acceptor (SPNEGO or raw krb5) with a keytab, as a Java web server would be. */
    static synchronized Accepted accept(Path krb5Conf, Path keytab, String servicePrincipal, byte[] token)
            throws Exception {
        System.setProperty("java.security.krb5.conf", krb5Conf.toString());
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "storeKey", "true",
                                "isInitiator", "false", "principal", servicePrincipal, "doNotPrompt", "true",
                                "refreshKrb5Config", "true"))};
            }
        };
        LoginContext lc = new LoginContext("kerbridge-acceptor", new Subject(), null, jaas);
        lc.login();
        return Subject.callAs(lc.getSubject(), () -> {
            GSSContext ctx = GSSManager.getInstance().createContext((org.ietf.jgss.GSSCredential) null);
            byte[] reply = ctx.acceptSecContext(token, 0, token.length);
            String client = ctx.getSrcName().toString();
            ctx.dispose();
            return new Accepted(client, reply);
        });
    }
}
