package io.kerbridge.kdc.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.TransitedEncoding;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ticket-signature bytes encoded directly equal those MS-PAC 2.8.3 derives from the finished ticket. */
class TicketSigningDataTest {
    @Test
    void directEncodingEqualsTheWalkOverTheSignedTicket() throws Exception {
        SecureRandom random = new SecureRandom();
        EncryptionKey k = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96).generateKey(random);
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        for (Optional<List<HostAddress>> addresses : List.of(Optional.<List<HostAddress>>empty(),
                Optional.of(List.of(new HostAddress(AddressType.IPV4, Bytes.of((byte) 10, (byte) 0, (byte) 0, (byte) 1)))))) {
            EncTicketPart part = new EncTicketPart(TicketFlags.of(TicketFlags.FORWARDABLE), k, "CONTOSO.TEST",
                    PrincipalName.user("alice"), TransitedEncoding.EMPTY, t, Optional.of(t), t.plusSeconds(36000),
                    Optional.of(t.plusSeconds(86400)), addresses, Optional.empty());
            Pac pac = Pac.builder().add(new PacClientInfo(FileTime.of(t), "alice")).build();
            Bytes direct = TicketIssuer.ticketSigningData(part);
            Pac signed = PacSigner.sign(pac, k, k, PacSigner.Options.serviceTicket(direct));
            EncTicketPart finished = new EncTicketPart(part.flags(), part.key(), part.crealm(), part.cname(),
                    part.transited(), part.authTime(), part.startTime(), part.endTime(), part.renewTill(),
                    part.addresses(), Optional.of(List.of(PaCodec.wrapPac(signed.encode()))));
            assertThat(TicketPac.signingData(KrbCodec.encodeEncTicketPart(finished))).isEqualTo(direct);
        }
    }
}
