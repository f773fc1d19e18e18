package io.kerbridge.kerberos.pac;

import java.util.Map;
import java.util.Set;

/**
 * PAC_INFO_BUFFER.ulType (MS-PAC 2.4). An open enum: unknown types survive decode and encode unchanged.
 */
public record PacBufferType(int value) {
    public static final PacBufferType LOGON_INFO = new PacBufferType(1);
    public static final PacBufferType CREDENTIALS_INFO = new PacBufferType(2);
    public static final PacBufferType SERVER_CHECKSUM = new PacBufferType(6);
    public static final PacBufferType PRIVSVR_CHECKSUM = new PacBufferType(7);
    public static final PacBufferType CLIENT_INFO = new PacBufferType(10);
    public static final PacBufferType CONSTRAINED_DELEGATION_INFO = new PacBufferType(11);
    public static final PacBufferType UPN_DNS_INFO = new PacBufferType(12);
    public static final PacBufferType CLIENT_CLAIMS_INFO = new PacBufferType(13);
    public static final PacBufferType DEVICE_INFO = new PacBufferType(14);
    public static final PacBufferType DEVICE_CLAIMS_INFO = new PacBufferType(15);
    public static final PacBufferType TICKET_CHECKSUM = new PacBufferType(16);
    public static final PacBufferType ATTRIBUTES_INFO = new PacBufferType(17);
    public static final PacBufferType REQUESTOR = new PacBufferType(18);
    /** MS-PAC 2.8.5 extended KDC signature ("full PAC checksum" in Samba/Heimdal). */
    public static final PacBufferType FULL_CHECKSUM = new PacBufferType(19);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "LOGON_INFO"), Map.entry(2, "CREDENTIALS_INFO"), Map.entry(6, "SERVER_CHECKSUM"),
            Map.entry(7, "PRIVSVR_CHECKSUM"), Map.entry(10, "CLIENT_INFO"),
            Map.entry(11, "CONSTRAINED_DELEGATION_INFO"), Map.entry(12, "UPN_DNS_INFO"),
            Map.entry(13, "CLIENT_CLAIMS_INFO"), Map.entry(14, "DEVICE_INFO"), Map.entry(15, "DEVICE_CLAIMS_INFO"),
            Map.entry(16, "TICKET_CHECKSUM"), Map.entry(17, "ATTRIBUTES_INFO"), Map.entry(18, "REQUESTOR"),
            Map.entry(19, "FULL_CHECKSUM"));

    /** Types that may appear at most once in a PAC (a second copy would make signatures ambiguous). */
    static final Set<Integer> SINGLETONS = Set.of(1, 6, 7, 10, 12, 16, 17, 18, 19);

    public static PacBufferType of(int value) {
        return new PacBufferType(value);
    }

    public boolean isKnown() {
        return NAMES.containsKey(value);
    }

    /** One of the four PAC_SIGNATURE_DATA buffers (6, 7, 16, 19). */
    public boolean isSignature() {
        return value == 6 || value == 7 || value == 16 || value == 19;
    }

    public String name() {
        return NAMES.getOrDefault(value, Integer.toUnsignedString(value));
    }

    @Override
    public String toString() {
        return name() + "(" + Integer.toUnsignedString(value) + ")";
    }
}
