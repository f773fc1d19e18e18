package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.PacException.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * UPN_DNS_INFO (MS-PAC 2.10, buffer type 12): UPN and DNS domain name as (length, offset) pairs
 * relative to the buffer start, Flags, and when flag S (0x2) is set the SAM account name and the user
 * SID. Strings are UTF-16LE without terminator.
 *
 * <p>Encoding follows Samba: 8-byte aligned strings after the header, the SID right after the SAM
 * name, the whole padded to 8 bytes.
 */
public record UpnDnsInfo(String upn, String dnsDomainName, int flags, Optional<String> samName, Optional<Sid> sid)
        implements PacBufferData {
    /** U: the user has no UPN attribute, the UPN was constructed. */
    public static final int FLAG_UPN_CONSTRUCTED = 0x1;
    /** S: SamName and Sid are present. */
    public static final int FLAG_HAS_SAM_NAME_AND_SID = 0x2;

    public UpnDnsInfo {
        Objects.requireNonNull(upn, "upn");
        Objects.requireNonNull(dnsDomainName, "dnsDomainName");
        Objects.requireNonNull(samName, "samName");
        Objects.requireNonNull(sid, "sid");
        boolean s = (flags & FLAG_HAS_SAM_NAME_AND_SID) != 0;
        if (s != samName.isPresent() || s != sid.isPresent()) {
            throw new IllegalArgumentException("SamName and Sid are present exactly when flag S is set");
        }
    }

    /** With the SAM name and SID extension (flag S). */
    public static UpnDnsInfo of(String upn, String dnsDomainName, boolean upnConstructed, String samName, Sid sid) {
        return new UpnDnsInfo(upn, dnsDomainName, FLAG_HAS_SAM_NAME_AND_SID | (upnConstructed ? FLAG_UPN_CONSTRUCTED : 0),
                Optional.of(samName), Optional.of(sid));
    }

    @Override
    public PacBufferType bufferType() {
        return PacBufferType.UPN_DNS_INFO;
    }

    public boolean upnConstructed() {
        return (flags & FLAG_UPN_CONSTRUCTED) != 0;
    }

    public static UpnDnsInfo decode(Bytes buffer) throws PacException {
        NdrReader r = NdrReader.of(buffer);
        int upnLength = r.u16();
        int upnOffset = r.u16();
        int dnsLength = r.u16();
        int dnsOffset = r.u16();
        int flags = r.u32();
        String upn = string(buffer, upnOffset, upnLength, "Upn");
        String dns = string(buffer, dnsOffset, dnsLength, "DnsDomainName");
        if ((flags & FLAG_HAS_SAM_NAME_AND_SID) == 0) {
            return new UpnDnsInfo(upn, dns, flags, Optional.empty(), Optional.empty());
        }
        int samLength = r.u16();
        int samOffset = r.u16();
        int sidLength = r.u16();
        int sidOffset = r.u16();
        String sam = string(buffer, samOffset, samLength, "SamName");
        check(buffer, sidOffset, sidLength, "Sid");
        Sid sid = Sid.decode(buffer.slice(sidOffset, sidOffset + sidLength));
        return new UpnDnsInfo(upn, dns, flags, Optional.of(sam), Optional.of(sid));
    }

    private static void check(Bytes buffer, int offset, int length, String what) throws PacException {
        if (offset + length > buffer.length()) {
            throw new PacException(Reason.BAD_OFFSET, "UPN_DNS_INFO " + what + " at " + offset + "+" + length
                    + " beyond " + buffer.length() + " bytes");
        }
    }

    private static String string(Bytes buffer, int offset, int length, String what) throws PacException {
        check(buffer, offset, length, what);
        if ((length & 1) != 0) {
            throw new PacException(Reason.BAD_STRING, "UPN_DNS_INFO " + what + " length " + length + " is odd");
        }
        NdrReader r = NdrReader.of(buffer);
        r.seek(offset);
        return r.utf16(length / 2);
    }

    @Override
    public Bytes encode() {
        boolean s = samName.isPresent();
        NdrWriter w = new NdrWriter(512);
        w.u16(2 * upn.length()).u16(0).u16(2 * dnsDomainName.length()).u16(0).u32(flags);
        if (s) {
            w.u16(2 * samName.get().length()).u16(0).u16(sid.get().encodedLength()).u16(0);
        }
        w.align(8);
        w.patch16(2, w.position()).utf16(upn).align(8);
        w.patch16(6, w.position()).utf16(dnsDomainName).align(8);
        if (s) {
            w.patch16(14, w.position()).utf16(samName.get());
            w.patch16(18, w.position());
            sid.get().write(w);
        }
        w.align(8);
        Bytes out = w.toBytes();
        if (out.length() > 0xFFFF) {
            throw new IllegalArgumentException("UPN_DNS_INFO larger than its 16-bit offsets allow");
        }
        return out;
    }
}
