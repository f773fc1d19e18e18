package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * EncKDCRepPart (RFC 4120 §5.4.2) with RFC 6806 §11 {@code encrypted-pa-data [12]} (where the
 * KERB-KEY-LIST-REP of MS-KILE 2.2.12 travels). {@code applicationTag} is 25 (EncASRepPart) or 26
 * (EncTGSRepPart); MIT's KDC sends 26 in AS replies too, and clients accept both.
 */
public record EncKdcRepPart(int applicationTag, EncryptionKey key, List<LastReq> lastReq, int nonce,
        Optional<Instant> keyExpiration, TicketFlags flags, Instant authTime, Optional<Instant> startTime,
        Instant endTime, Optional<Instant> renewTill, String srealm, PrincipalName sname,
        Optional<List<HostAddress>> addresses, Optional<List<PaData>> encryptedPaData) {
    public static final int ENC_AS_REP_PART = 25;
    public static final int ENC_TGS_REP_PART = 26;

    public EncKdcRepPart {
        if (applicationTag != ENC_AS_REP_PART && applicationTag != ENC_TGS_REP_PART) {
            throw new IllegalArgumentException("application tag " + applicationTag);
        }
        java.util.Objects.requireNonNull(key, "key");
        lastReq = List.copyOf(lastReq);
        java.util.Objects.requireNonNull(flags, "flags");
        java.util.Objects.requireNonNull(authTime, "authTime");
        java.util.Objects.requireNonNull(endTime, "endTime");
        java.util.Objects.requireNonNull(srealm, "srealm");
        java.util.Objects.requireNonNull(sname, "sname");
        addresses = addresses.map(List::copyOf);
        encryptedPaData = encryptedPaData.map(List::copyOf);
    }

    public Optional<PaData> findEncryptedPadata(PaDataType type) {
        return encryptedPaData.orElse(List.of()).stream().filter(p -> p.type().equals(type)).findFirst();
    }
}
