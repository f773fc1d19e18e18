package io.kerbridge.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.gss.AcceptedContext;
import io.kerbridge.kerberos.gss.GssFlags;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallerTokenTest {
    static final Sid DOMAIN = Sid.parse("S-1-5-21-10-20-30");
    static final Sid OTHER = Sid.parse("S-1-5-21-40-50-60");
    static final Instant AUTH = Instant.parse("2026-11-25T10:00:00Z");

    static KerbValidationInfo.Builder info() {
        return KerbValidationInfo.builder().userId(1103).primaryGroupId(513).logonDomainId(DOMAIN)
                .groupIds(List.of(GroupMembership.of(513), GroupMembership.of(1105)));
    }

    @Test
    void theTokenHasUserPrimaryGroupGroupsExtraAndResourceSidsAndTheWellKnownOnes() {
        KerbValidationInfo v = info()
                .extraSids(List.of(SidAndAttributes.of(Sid.parse("S-1-18-1")), SidAndAttributes.of(OTHER.withRid(1200))))
                .resourceGroups(Optional.of(OTHER), List.of(GroupMembership.of(3000)))
                .build();
        assertThat(CallerToken.sids(v)).containsExactlyInAnyOrder(Acl.EVERYONE, Acl.AUTHENTICATED_USERS,
                DOMAIN.withRid(1103), DOMAIN.withRid(513), DOMAIN.withRid(1105), Sid.parse("S-1-18-1"),
                OTHER.withRid(1200), OTHER.withRid(3000));
    }

    @Test
    void disabledAndDenyOnlyGroupsGrantNothing() {
        KerbValidationInfo v = info()
                .groupIds(List.of(new GroupMembership(1105, 0x3), new GroupMembership(1106, 0x17)))
                .extraSids(List.of(new SidAndAttributes(OTHER.withRid(1200), 0x10 | 0x4)))
                .build();
        assertThat(CallerToken.sids(v)).doesNotContain(DOMAIN.withRid(1105), DOMAIN.withRid(1106), OTHER.withRid(1200))
                .contains(DOMAIN.withRid(1103), DOMAIN.withRid(513));
    }

    static AcceptedContext context(String cname, Optional<Pac> pac) {
        var key = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().generateKey(new SecureRandom());
        return new AcceptedContext(PrincipalName.user(cname), "CONTOSO.TEST", PrincipalName.parse("HTTP/files.contoso.test"),
                "CONTOSO.TEST", key, Optional.empty(), TicketFlags.of(TicketFlags.FORWARDABLE), AUTH,
                AUTH.plusSeconds(3600), pac, new GssFlags(GssFlags.MUTUAL), Optional.empty(), AUTH, 0, Optional.empty(), 1);
    }

    static Pac pac(String name, Instant clientId, boolean withLogon) {
        Pac.Builder b = Pac.builder();
        if (withLogon) {
            b.add(info().build());
        }
        return b.add(new PacClientInfo(FileTime.of(clientId), name)).build();
    }

    @Test
    void checksTheClientInformation() {
        assertThat(CallerToken.from(context("alice", Optional.of(pac("alice", AUTH, true)))))
                .isInstanceOfSatisfying(CallerToken.Token.class, t -> {
                    assertThat(t.caller().principal()).isEqualTo("alice@CONTOSO.TEST");
                    assertThat(t.caller().user()).isEqualTo(DOMAIN.withRid(1103));
                });
        assertThat(CallerToken.from(context("alice", Optional.of(pac("Alice@CONTOSO.TEST", AUTH, true)))))
                .isInstanceOf(CallerToken.Token.class);
        assertThat(status(context("alice", Optional.of(pac("bob", AUTH, true))))).isEqualTo(CallerToken.Status.PAC_CLIENT_MISMATCH);
        assertThat(status(context("alice", Optional.of(pac("alice", AUTH.plusSeconds(1), true)))))
                .isEqualTo(CallerToken.Status.PAC_CLIENT_MISMATCH);
        assertThat(status(context("alice", Optional.of(pac("alice", AUTH, false))))).isEqualTo(CallerToken.Status.PAC_INCOMPLETE);
        assertThat(status(context("alice", Optional.empty()))).isEqualTo(CallerToken.Status.NO_PAC);
    }

    private static CallerToken.Status status(AcceptedContext ctx) {
        return ((CallerToken.Rejected) CallerToken.from(ctx)).status();
    }
}
