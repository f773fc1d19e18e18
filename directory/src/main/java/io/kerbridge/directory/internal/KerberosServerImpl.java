package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.KerberosServer;
import io.kerbridge.directory.KerberosServerAdmin;
import io.kerbridge.directory.KerberosServerKey;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.RodcInfo;
import io.kerbridge.directory.Uac;
import io.kerbridge.directory.WellKnown;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Kerberos server object (protocol-notes §1.2): an RODC made by {@link RodcsImpl} under the name
 * {@code AzureADKerberos$}, plus the dir_kerberos_server row (SCP GUID, key version, when and where
 * the key was set). Every change is one transaction, so there is never half an object on the DC side.
 */
public final class KerberosServerImpl implements KerberosServerAdmin {
    /** sAMAccountName of the computer object, {@code CN=AzureADKerberos,OU=Domain Controllers}. */
    public static final String COMPUTER_NAME = "AzureADKerberos$";
    private static final int DOMAIN_ID = 1;

    private final Core core;
    private final RodcsImpl rodcs;

    public KerberosServerImpl(Core core, RodcsImpl rodcs) {
        this.core = core;
        this.rodcs = rodcs;
    }

    /** The dir_kerberos_server row. */
    private record Row(int rodcNumber, UUID scpGuid, long keyVersion, Instant keyUpdatedOn, String keyUpdatedFrom) {}

    @Override
    public KerberosServerKey create(String updatedFrom, Optional<Integer> id) {
        requireHost(updatedFrom);
        id.ifPresent(n -> {
            if (n < 1 || n > 0xFFFF) {
                throw new DirectoryException(Reason.INVALID, "RODC number must be 1..65535: " + n);
            }
        });
        return core.write(c -> {
            Optional<Row> existing = row(c);
            if (existing.isPresent()) {
                throw new DirectoryException(Reason.NAME_IN_USE, "the domain already has a Kerberos server object (Id "
                        + existing.get().rodcNumber() + "); rotate its key, or remove it first");
            }
            int n = id.orElseGet(rodcs::unusedNumber);
            long version = 1;
            RodcsImpl.Created made = rodcs.createIn(c, COMPUTER_NAME, n,
                    List.of(core.domain().sidWithRid(WellKnown.DOMAIN_USERS)), (int) KerberosServer.kvno(n, version));
            Row row = new Row(n, UUID.randomUUID(), version, made.keys().setAt(), updatedFrom);
            Sql.update(c, "INSERT INTO dir_kerberos_server (domain_id, rodc_number, scp_guid, key_version,"
                    + " key_updated_on, key_updated_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", DOMAIN_ID, n,
                    row.scpGuid().toString(), version, row.keyUpdatedOn().toEpochMilli(), updatedFrom,
                    core.now().toEpochMilli());
            return new KerberosServerKey(server(row, made.info(), true), made.keys());
        });
    }

    @Override
    public Optional<KerberosServer> get() {
        return core.read(KerberosServerImpl::row).map(this::server);
    }

    @Override
    public KerberosServerKey rotate(String updatedFrom) {
        requireHost(updatedFrom);
        return core.write(c -> {
            Row old = row(c).orElseThrow(KerberosServerImpl::none);
            RodcInfo info = rodcs.require(old.rodcNumber());
            Account krbtgt = core.require(info.krbtgtSid()).account();
            long version = old.keyVersion() + 1;
            KeyVersion keys = Accounts.setRandom(c, core, krbtgt, (int) KerberosServer.kvno(old.rodcNumber(), version));
            Row row = new Row(old.rodcNumber(), old.scpGuid(), version, keys.setAt(), updatedFrom);
            Sql.update(c, "UPDATE dir_kerberos_server SET key_version = ?, key_updated_on = ?, key_updated_from = ?"
                    + " WHERE domain_id = ?", version, row.keyUpdatedOn().toEpochMilli(), updatedFrom, DOMAIN_ID);
            return new KerberosServerKey(server(row), keys);
        });
    }

    @Override
    public KerberosServer setRevealPolicy(List<Sid> neverReveal, List<Sid> revealOnDemand) {
        Row row = core.read(KerberosServerImpl::row).orElseThrow(KerberosServerImpl::none);
        rodcs.setRevealPolicy(row.rodcNumber(), neverReveal, revealOnDemand);
        return server(row);
    }

    @Override
    public void remove() {
        core.write(c -> {
            Row row = row(c).orElseThrow(KerberosServerImpl::none);
            Sql.update(c, "DELETE FROM dir_kerberos_server WHERE domain_id = ?", DOMAIN_ID);
            RodcInfo info = core.index().rodcInfo().get(row.rodcNumber());
            if (info != null) {
                rodcs.removeIn(c, info);
            }
            return null;
        });
    }

    private static Optional<Row> row(Connection c) throws SQLException {
        return Sql.queryOne(c, "SELECT rodc_number, scp_guid, key_version, key_updated_on, key_updated_from"
                + " FROM dir_kerberos_server WHERE domain_id = ?", rs -> new Row(rs.getInt(1),
                UUID.fromString(rs.getString(2)), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5)), DOMAIN_ID);
    }

    private KerberosServer server(Row row) {
        RodcInfo info = core.index().rodcInfo().get(row.rodcNumber());
        if (info == null) {
            throw new DirectoryException(Reason.NO_SUCH_OBJECT, "the Kerberos server object has no RODC row");
        }
        boolean partial = core.index().get(info.computerSid())
                .map(h -> (h.account().userAccountControl() & Uac.PARTIAL_SECRETS_ACCOUNT) != 0).orElse(false);
        return server(row, info, partial);
    }

    private KerberosServer server(Row row, RodcInfo info, boolean partialSecrets) {
        return new KerberosServer(row.rodcNumber(), core.domain().dnsName(), core.domain().distinguishedName(),
                info.krbtgtSid(), info.computerSid(), row.keyVersion(), row.keyUpdatedOn(), row.keyUpdatedFrom(),
                row.scpGuid(), partialSecrets, info.neverReveal(), info.revealOnDemand());
    }

    private static void requireHost(String host) {
        if (host == null || host.isBlank()) {
            throw new DirectoryException(Reason.INVALID, "the updating DC's host name is required");
        }
    }

    private static DirectoryException none() {
        return new DirectoryException(Reason.NO_SUCH_OBJECT, "the domain has no Kerberos server object");
    }
}
