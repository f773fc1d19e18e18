package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code kerbridge lab walkthrough}: the scenario of seed/cloud-kerberos-trust-walkthrough.txt replayed on a running lab,
 * one step per command the blog runs (klist, the file server's prompt, Get-AzureADKerberosServer, the Intune sync, the
 * Hello sign-in, klist with tickets, the file share with no prompt, dsregcmd /status, -RotateServerKey, the expired
 * password, Remove-AzureADKerberosServer) plus the multi-domain forest and the Domain Admin refusal. Each step prints
 * the command, its output, and PASS or FAIL with the reason; the exit code is 1 if any step failed. The lab is left
 * as it was found (the Kerberos server object is set up again at the end).
 */
final class Walkthrough {
    private static final java.util.regex.Pattern LONG_BASE64 = java.util.regex.Pattern.compile("[A-Za-z0-9+/]{64,}={0,2}");

    private final LabLayout l;
    private final LabState state;
    private final LabCloud cloud;
    private final PrintWriter out;
    private final List<String> failed = new ArrayList<>();
    private int n;
    private int total;

    Walkthrough(LabLayout l, LabState state, PrintWriter out) {
        this.l = l;
        this.state = state;
        this.cloud = new LabCloud(l, state);
        this.out = out;
    }

    /** What a step ran: the command as a person would type it, its exit code and what it printed. */
    record Ran(String command, int exit, String output) {
        boolean has(String s) {
            return output.contains(s);
        }
    }

    private record Step(String title, String why, java.util.concurrent.Callable<Ran> action, Function<Ran, Optional<String>> check,
            String pass) {}

    static int run(LabLayout l, PrintWriter out) throws IOException, InterruptedException {
        if (!LabState.exists(l)) {
            throw new CliError("no lab in " + l.dir() + " (create one with kerbridge lab up --dir " + l.dir() + ")");
        }
        try (LabLock lock = LabLock.take(l)) {
            LabState s = LabState.load(l);
            if (!Files.exists(l.labJson())) {
                throw new CliError("the lab in " + l.dir() + " was never completely set up; run kerbridge lab up --dir " + l.dir());
            }
            var health = LabHealth.checkAll(l, s.ports(), LabService.all(l, s.ports(), new LabCloud(l, s).url(),
                    LabConfigFiles.filesUrl(s.ports())));
            for (var e : health.entrySet()) {
                if (e.getValue().isPresent()) {
                    throw new CliError(e.getKey() + " is not up (" + e.getValue().get() + "); run kerbridge lab up --dir "
                            + LabUp.shown(l.dir()));
                }
            }
            return new Walkthrough(l, s, out).play();
        }
    }

    // ---- the scenario ----------------------------------------------------------------------------------------------

    private int play() throws IOException, InterruptedException {
        LabUser alice = LabUser.owner();
        LabUser erik = LabUser.byRole(LabDomain.EMEA, LabUser.USER);
        LabUser carol = LabUser.byRole(LabDomain.CONTOSO, LabUser.EXPIRED);
        LabUser dana = LabUser.byRole(LabDomain.CONTOSO, LabUser.DOMAIN_ADMIN);
        Path cc = l.ccache(alice.sam());
        Path ccErik = l.ccache(erik.sam());
        for (Path p : List.of(cc, ccErik)) {
            Files.deleteIfExists(p);
            Files.deleteIfExists(Path.of(p + ".cloud"));
        }
        cloud.token();
        String url = LabConfigFiles.filesUrl(state.ports());
        String finance = url + "/Finance/budget-2026.csv";
        String expectedBudget = Files.readString(l.share("Finance").resolve("budget-2026.csv")).strip();

        out.println("Cloud Kerberos trust, the walkthrough (seed: cloud-kerberos-trust-walkthrough.txt), on the lab in " + LabUp.shown(l.dir()));
        out.println("Device " + LabUp.DEVICE_NAME + " (" + LabUp.shown(l.deviceDir()) + ") is joined to the tenant but not to the domain;");
        out.println("the user is " + alice.upn() + " (Finance). Cloud credential: " + LabCloud.ADMIN + " (Hybrid Identity Administrator),");
        out.println("token in " + LabUp.shown(l.tokenFile()) + "; domain credential: each domain's Administrator (password in "
                + LabUp.shown(l.secrets()) + ").");

        List<Step> steps = new ArrayList<>();
        steps.add(new Step("klist: the device has no Kerberos ticket",
                "Not joined to AD, so no ticket: the file server will ask for domain credentials.",
                () -> kb("klist", "-c", cc.toString()),
                r -> expect(r, 0, "Cached Tickets: (0)"), "no tickets"));
        steps.add(new Step("The file server asks for credentials",
                "Without a ticket the file server answers 401 with WWW-Authenticate: Negotiate (the prompt in the blog).",
                () -> curl(cc, false, url + "/Finance/"),
                r -> expect(r, 0, "HTTP/1.1 401", "WWW-Authenticate: Negotiate"), "401 Negotiate"));
        for (LabDomain d : LabDomain.ALL) {
            steps.add(new Step("Get-AzureADKerberosServer -Domain " + d.dns(),
                    d == LabDomain.CONTOSO ? "The Kerberos server object (krbtgt_<n>, AzureADKerberos) exists in AD and in the cloud."
                            : "A multi-domain forest needs one object per domain: the child domain has its own.",
                    () -> kbArgs(ks("get", d)),
                    r -> expect(r, 0, "AD and the cloud agree"), "AD and the cloud agree on " + d.dns()));
        }
        steps.add(new Step("Sync the device's policy (the Intune sync)",
                "The device pulls UseCloudTrustForOnPremAuth (and CloudKerberosTicketRetrievalEnabled) from the cloud.",
                () -> kb("device", "sync", "--device-dir", l.deviceDir().toString()),
                r -> expectPattern(r, 0, "UseCloudTrustForOnPremAuth\\s+: true"), "UseCloudTrustForOnPremAuth is on"));
        steps.add(signIn(alice, cc, "Sign in with Windows Hello for Business (PIN)",
                "The cloud returns a PRT and a partial TGT; the DC of CONTOSO.TEST exchanges it for a full TGT."));
        steps.add(new Step("klist: the tickets are there",
                "The full TGT from the DC, and the cloud TGT (KERBEROS.MICROSOFTONLINE.COM) beside it.",
                () -> kb("klist", "-c", cc.toString()),
                r -> expect(r, 0, "Server: krbtgt/CONTOSO.TEST @ CONTOSO.TEST"), "TGT krbtgt/CONTOSO.TEST in the cache"));
        steps.add(new Step("Open the Finance share: no prompt",
                "curl (MIT GSS-API) uses the TGT from the sign-in; the file server checks the Finance group SID in the PAC.",
                () -> curl(cc, true, finance),
                r -> {
                    Optional<String> bad = expect(r, 0, "HTTP/1.1 200");
                    return bad.isPresent() ? bad : r.has(expectedBudget) ? Optional.empty() : Optional.of("the file's content is not in the answer");
                }, "200, budget-2026.csv read with no prompt"));
        steps.add(new Step("klist: a ticket for the file server",
                "The service ticket curl got with the TGT is in the same cache.",
                () -> kb("klist", "-c", cc.toString()),
                r -> expect(r, 0, "Server: HTTP/files.contoso.test @ CONTOSO.TEST"), "HTTP/files.contoso.test ticket"));
        steps.add(new Step("dsregcmd /status",
                "The SSO state: a PRT, the on-premises TGT and the cloud TGT.",
                () -> kb("dsregcmd", "--status", "--device-dir", l.deviceDir().toString(), "--user", alice.upn()),
                r -> expect(r, 0, "AzureAdPrt : YES", "OnPremTgt : YES", "CloudTgt : YES"), "AzureAdPrt, OnPremTgt, CloudTgt: YES"));
        steps.add(signIn(erik, ccErik, "A user of the child domain signs in",
                "The cloud mints the partial TGT for EMEA.CONTOSO.TEST; the EMEA DC exchanges it."));
        steps.add(new Step("…and opens a share of the parent domain",
                "A referral from EMEA.CONTOSO.TEST to CONTOSO.TEST over the forest trust; Public is open to Authenticated Users.",
                () -> curl(ccErik, true, url + "/Public/welcome.txt"),
                r -> expect(r, 0, "HTTP/1.1 200", "Welcome to the Contoso file server"), "200 across the forest trust"));
        steps.add(new Step("Set-AzureADKerberosServer -RotateServerKey",
                "A new krbtgt_<n> key: DC first, then the cloud, which keeps the previous key (--force: the 24 h guard).",
                () -> kbArgs(ks("set", LabDomain.CONTOSO, "--rotate-server-key", "--force")),
                r -> expect(r, 0, "to the cloud"), "key rotated on both sides"));
        steps.add(signIn(alice, cc, "Sign in again after the rotation",
                "The cloud now encrypts partial TGTs with the new key, and the DC decrypts them."));
        steps.add(new Step("An expired password blocks Hello sign-in",
                carol.upn() + " has a Hello key, but her password expired: the cloud refuses until it is reset.",
                () -> kb("signin", "--device-dir", l.deviceDir().toString(), "--user", carol.upn(), "--pin-file",
                        l.pinFile(carol.upn()).toString(), "--config", l.krb5Conf().toString(), "-c", l.ccache(carol.sam()).toString()),
                r -> r.exit() != 0 && r.has("password has expired") ? Optional.empty()
                        : Optional.of("expected a refusal saying the password has expired"), "refused: the password has expired"));
        Path carolNew = l.secret(carol.upn() + ".password.new");
        steps.add(new Step("The password is reset (kpasswd)",
                carol.upn() + " changes her expired password at the DC's kpasswd service (as MIT kinit's prompt would).",
                () -> {
                    LabFiles.writePrivate(carolNew, LabFiles.password(new java.security.SecureRandom()) + "\n");
                    return kb("passwd", carol.principal(), "--config", l.krb5Conf().toString(), "--old-password-file",
                            l.passwordFile(carol.upn()).toString(), "--new-password-file", carolNew.toString());
                },
                r -> {
                    Optional<String> bad = expect(r, 0, "Password changed for " + carol.principal());
                    if (bad.isEmpty()) {
                        try {
                            Files.move(carolNew, l.passwordFile(carol.upn()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        } catch (IOException e) {
                            return Optional.of("cannot keep the new password in " + l.passwordFile(carol.upn()) + ": " + e.getMessage());
                        }
                    }
                    return bad;
                }, "password changed"));
        steps.add(new Step("The sync agent runs",
                "Entra Connect's role: the cloud learns that the password is no longer expired.",
                () -> kbArgs(sync(LabDomain.CONTOSO)),
                r -> expect(r, 0, "1 updated"), "the new password state is in the cloud"));
        steps.add(signIn(carol, l.ccache(carol.sam()), "Hello sign-in works again after the reset",
                "The same Hello key and PIN as before: only the password had to be reset."));
        steps.add(new Step("A Domain Admin is refused by the DC",
                dana.upn() + " is in Domain Admins, a never-reveal group of the password replication policy: the cloud "
                        + "issues a partial TGT, the DC refuses to exchange it.",
                () -> kb("signin", "--device-dir", l.deviceDir().toString(), "--user", dana.upn(), "--pin-file",
                        l.pinFile(dana.upn()).toString(), "--config", l.krb5Conf().toString(), "-c", l.ccache(dana.sam()).toString()),
                r -> r.exit() != 0 && r.has("did not exchange the partial TGT") && r.has("KDC_ERR_TGT_REVOKED") ? Optional.empty()
                        : Optional.of("expected the DC to refuse the exchange (KDC_ERR_TGT_REVOKED)"), "refused by the DC"));
        steps.add(new Step("Remove-AzureADKerberosServer -Domain contoso.test",
                "The cloud side first (no more partial TGTs), then krbtgt_<n> and AzureADKerberos in AD.",
                () -> kbArgs(ks("remove", LabDomain.CONTOSO)),
                r -> expect(r, 0, "Removed the Kerberos domain contoso.test from the cloud"), "removed from both sides"));
        steps.add(new Step("Sign in without the object: no on-premises TGT",
                "The Hello sign-in still gives a PRT, but the cloud has no key for CONTOSO.TEST: no partial TGT, no full TGT.",
                () -> {
                    Files.deleteIfExists(cc);
                    Files.deleteIfExists(Path.of(cc + ".cloud"));
                    return kb("signin", "--device-dir", l.deviceDir().toString(), "--user", alice.upn(), "--pin-file",
                            l.pinFile(alice.upn()).toString(), "--config", l.krb5Conf().toString(), "-c", cc.toString());
                },
                r -> !r.has("On-premises TGT: krbtgt/") && !Files.exists(cc) ? Optional.empty()
                        : Optional.of("an on-premises TGT was issued without the Kerberos server object"), "no on-premises TGT"));
        steps.add(new Step("Set-AzureADKerberosServer -Domain contoso.test (again)",
                "A new object with a new RODC number and key; the lab is back as it was.",
                () -> kbArgs(ks("set", LabDomain.CONTOSO)),
                r -> expect(r, 0, "to the cloud"), "created on both sides"));
        steps.add(signIn(alice, cc, "Sign in once more", "Passwordless single sign-on works again."));
        steps.add(new Step("Put the lab back (1/2): " + carol.upn() + "'s password expires again",
                "An administrator resets it with must-change-at-next-logon, so the next walkthrough finds it expired.",
                () -> {
                    LabFiles.writePrivate(carolNew, LabFiles.password(new java.security.SecureRandom()) + "\n");
                    List<String> a = new ArrayList<>(List.of("user", "set-password", carol.sam(), "--password-file",
                            carolNew.toString(), "--must-change"));
                    a.addAll(LabUp.dcOptions(l, state.ports(), carol.domain()));
                    return kbArgs(a);
                },
                r -> {
                    if (r.exit() != 0) {
                        return Optional.of("the password was not set");
                    }
                    try {
                        Files.move(carolNew, l.passwordFile(carol.upn()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        return Optional.of("cannot keep the new password: " + e.getMessage());
                    }
                    return Optional.empty();
                }, "password set, must change"));
        steps.add(new Step("Put the lab back (2/2): the sync agent runs",
                "The cloud learns that the password has expired.",
                () -> kbArgs(sync(LabDomain.CONTOSO)),
                r -> expect(r, 0, "1 updated"), "expired again in the cloud"));

        total = steps.size();
        for (Step s : steps) {
            play(s);
        }
        out.println();
        if (failed.isEmpty()) {
            out.println("Walkthrough: all " + total + " steps PASS.");
        } else {
            out.println("Walkthrough: " + failed.size() + " of " + total + " steps FAIL: " + String.join("; ", failed));
        }
        out.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    private Step signIn(LabUser u, Path cc, String title, String why) {
        return new Step(title, why,
                () -> kb("signin", "--device-dir", l.deviceDir().toString(), "--user", u.upn(), "--pin-file",
                        l.pinFile(u.upn()).toString(), "--config", l.krb5Conf().toString(), "-c", cc.toString()),
                r -> expect(r, 0, "On-premises TGT: krbtgt/" + u.domain().realm() + "@" + u.domain().realm()),
                "full TGT for " + u.principal());
    }

    private List<String> ks(String verb, LabDomain d, String... extra) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("kerberos-server", verb, "--domain", d.dns()));
        a.addAll(List.of(extra));
        a.addAll(LabUp.dcOptions(l, state.ports(), d));
        a.addAll(List.of("--cloud-token-file", cloud.token().toString()));
        return a;
    }

    private List<String> sync(LabDomain d) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("sync"));
        a.addAll(LabUp.dcOptions(l, state.ports(), d));
        a.addAll(List.of("--token-file", cloud.token().toString(), "--state", l.syncState(d).toString(), "--progress", "none"));
        return a;
    }

    private void play(Step s) {
        n++;
        out.println();
        out.println("== Step " + n + "/" + total + ": " + s.title());
        out.println("   " + s.why());
        Ran r;
        try {
            r = s.action().call();
        } catch (Exception e) {
            r = new Ran("(the step could not run)", -1, e.toString());
        }
        out.println("$ " + r.command());
        for (String line : r.output().stripTrailing().split("\n", -1)) {
            // long base64 runs (Negotiate tokens) shortened; everything else as printed
            String shown = LONG_BASE64.matcher(line.stripTrailing()).replaceAll(m -> m.group().substring(0, 32) + "…");
            out.println(shown.isEmpty() ? "" : "    " + shown);
        }
        Optional<String> bad;
        try {
            bad = s.check().apply(r);
        } catch (RuntimeException e) {
            bad = Optional.of(e.toString());
        }
        if (bad.isEmpty()) {
            out.println("PASS: " + s.pass());
        } else {
            out.println("FAIL: " + bad.get() + (r.exit() != 0 ? " (exit code " + r.exit() + ")" : ""));
            failed.add(n + " " + s.title());
        }
        out.flush();
    }

    private static Optional<String> expect(Ran r, int exit, String... needles) {
        if (r.exit() != exit) {
            return Optional.of("exit code " + r.exit() + ", expected " + exit);
        }
        for (String x : needles) {
            if (!r.has(x)) {
                return Optional.of("expected \"" + x + "\" in the output");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> expectPattern(Ran r, int exit, String regex) {
        if (r.exit() != exit) {
            return Optional.of("exit code " + r.exit() + ", expected " + exit);
        }
        return java.util.regex.Pattern.compile(regex).matcher(r.output()).find() ? Optional.empty()
                : Optional.of("expected /" + regex + "/ in the output");
    }

    // ---- running commands --------------------------------------------------------------------------------------------

    private Ran kb(String... args) {
        return kbArgs(List.of(args));
    }

    private Ran kbArgs(List<String> args) {
        Kb.Result r = Kb.run(args);
        return new Ran("kerbridge " + display(args), r.exit(), r.out() + r.err());
    }

    /** curl with the lab's krb5.conf and the given cache; the host name mapped to 127.0.0.1 with --resolve. */
    private Ran curl(Path ccache, boolean negotiate, String url) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-i"));
        if (negotiate) {
            cmd.addAll(List.of("--negotiate", "-u", ":"));
        }
        cmd.addAll(List.of("--resolve", LabConfigFiles.FILES_HOST + ":" + state.ports().get("files") + ":127.0.0.1", url));
        String shown = "KRB5_CONFIG=" + LabUp.shown(l.krb5Conf()) + " KRB5CCNAME=" + LabUp.shown(ccache) + " " + display(cmd);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(Map.of("KRB5_CONFIG", l.krb5Conf().toString(), "KRB5CCNAME", "FILE:" + ccache, "LC_ALL", "C"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Ran(shown, 127, "cannot run curl: " + e.getMessage());
        }
        try (OutputStream in = p.getOutputStream()) {
            // nothing to send
        }
        CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Ran(shown, -1, "curl did not finish within 30 s");
        }
        return new Ran(shown, p.exitValue(), text.join().replace("\r\n", "\n"));
    }

    /** Arguments as a person would type them: lab paths relative to the working directory, quoted when needed. */
    private static String display(List<String> args) {
        List<String> shown = new ArrayList<>();
        for (String a : args) {
            String s = a.startsWith("/") ? LabUp.shown(Path.of(a)) : a;
            shown.add(s.isEmpty() || s.matches(".*[\\s'\"$\\\\*?;&|<>()].*") ? "'" + s.replace("'", "'\\''") + "'" : s);
        }
        return String.join(" ", shown);
    }
}
