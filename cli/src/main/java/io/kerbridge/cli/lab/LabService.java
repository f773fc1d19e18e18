package io.kerbridge.cli.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * A lab service run as its own background process: {@code java -jar kerbridge.jar ARGS} (e.g. {@code dc start --dir
 * DIR/contoso}), pid in {@code DIR/<name>.pid}, output in {@code DIR/logs/<name>.log}.
 *
 * @param dataDir the service's data directory; its absolute path is in the process's command line, which is how a pid
 *     from a pid file is known to still be this service (and not a reused pid)
 * @param ports names of the ports it binds (see {@link LabPorts})
 * @param address what {@code lab status} shows
 */
record LabService(String name, String title, Path dataDir, List<String> args, List<String> ports, String address) {
    static List<LabService> all(LabLayout l, LabPorts p, String cloudUrl, String filesUrl) {
        return List.of(dc(l, p, LabDomain.CONTOSO), dc(l, p, LabDomain.EMEA),
                new LabService("cloud", "cloud identity service", l.cloudDir(), List.of("cloud", "start", "--dir", l.cloudDir().toString()),
                        List.of("cloud"), cloudUrl),
                new LabService("files", "file server", l.filesDir(), List.of("files", "start", "--dir", l.filesDir().toString()),
                        List.of("files"), filesUrl + " (127.0.0.1:" + p.get("files") + ")"));
    }

    private static LabService dc(LabLayout l, LabPorts p, LabDomain d) {
        Path dir = l.dcDir(d);
        return new LabService(d.service(), "domain controller of " + d.realm(), dir, List.of("dc", "start", "--dir", dir.toString()),
                List.of(d.kdcPortName(), d.kpasswdPortName(), d.adminPortName()),
                "KDC 127.0.0.1:" + p.get(d.kdcPortName()) + ", kpasswd 127.0.0.1:" + p.get(d.kpasswdPortName())
                        + ", admin https://127.0.0.1:" + p.get(d.adminPortName()));
    }
}
