package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.PacException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A PAC (MS-PAC 2.3 PACTYPE): cBuffers, Version 0, cBuffers PAC_INFO_BUFFERs {ulType, cbBufferSize,
 * Offset (64-bit)}, then the buffers, each at an 8-byte aligned offset.
 *
 * <p>A decoded PAC keeps the exact bytes it was decoded from: {@link #encode()} returns them, padding
 * included, so signatures stay verifiable. PACs built with {@link Builder} are laid out canonically:
 * buffers in order from offset 8+16n, each padded with zeros to 8 bytes (as Windows and Samba do).
 *
 * <p>Decoding refuses: fewer than 8 bytes, a non-zero version, more buffer descriptors than fit,
 * offsets above 2^32, offsets inside the header or past the end, unaligned offsets, overlapping
 * buffers, and a second copy of a buffer type that must be unique (logon info, client info, UPN,
 * attributes, requestor and the four signatures).
 */
public final class Pac {
    public static final int VERSION = 0;
    private static final int ALIGNMENT = 8;

    private final List<PacBuffer> buffers;
    private final int[] offsets;
    private final Bytes encoded;

    private Pac(List<PacBuffer> buffers, int[] offsets, Bytes encoded) {
        this.buffers = List.copyOf(buffers);
        this.offsets = offsets;
        this.encoded = encoded;
    }

    // ---------------------------------------------------------------- decoding

    public static Pac decode(Bytes pac) throws PacException {
        NdrReader r = NdrReader.of(pac);
        long count = r.u32() & 0xFFFF_FFFFL;
        int version = r.u32();
        if (version != VERSION) {
            throw new PacException(Reason.BAD_VERSION, "PACTYPE version " + Integer.toUnsignedString(version));
        }
        if (count * 16 > r.remaining()) {
            throw new PacException(Reason.BAD_COUNT, count + " PAC_INFO_BUFFERs do not fit in " + pac.length()
                    + " bytes");
        }
        long headerEnd = 8 + 16 * count;
        int n = (int) count;
        List<PacBuffer> buffers = new ArrayList<>(n);
        int[] offsets = new int[n];
        long[][] ranges = new long[n][];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            PacBufferType type = PacBufferType.of(r.u32());
            long size = r.u32() & 0xFFFF_FFFFL;
            long offset = r.u64();
            if (offset < headerEnd || offset > pac.length()) {
                throw new PacException(Reason.BAD_OFFSET, type + " at offset " + Long.toUnsignedString(offset)
                        + " outside " + headerEnd + ".." + pac.length());
            }
            if (offset % ALIGNMENT != 0) {
                throw new PacException(Reason.MISALIGNED, type + " at offset " + offset + " is not 8-byte aligned");
            }
            if (size > pac.length() - offset) {
                throw new PacException(Reason.TRUNCATED, type + " of " + size + " bytes at offset " + offset
                        + " ends beyond the PAC (" + pac.length() + " bytes)");
            }
            if (PacBufferType.SINGLETONS.contains(type.value()) && !seen.add(type.value())) {
                throw new PacException(Reason.DUPLICATE_BUFFER, "second " + type + " buffer");
            }
            offsets[i] = (int) offset;
            ranges[i] = new long[] {offset, offset + size, i};
            buffers.add(new PacBuffer(type, pac.slice((int) offset, (int) (offset + size))));
        }
        checkOverlaps(ranges, buffers);
        return new Pac(buffers, offsets, pac);
    }

    private static void checkOverlaps(long[][] ranges, List<PacBuffer> buffers) throws PacException {
        long[][] sorted = ranges.clone();
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        long prevEnd = 0;
        int prev = -1;
        for (long[] range : sorted) {
            if (range[1] == range[0]) {
                continue; // empty buffers share nothing
            }
            if (prev >= 0 && range[0] < prevEnd) {
                throw new PacException(Reason.OVERLAP, buffers.get((int) range[2]).type() + " overlaps "
                        + buffers.get(prev).type());
            }
            prevEnd = range[1];
            prev = (int) range[2];
        }
    }

    // ---------------------------------------------------------------- access

    /** The exact bytes of this PAC (as received, or as laid out by the builder). */
    public Bytes encode() {
        return encoded;
    }

    public int version() {
        return VERSION;
    }

    /** The buffers in PAC_INFO_BUFFER order. */
    public List<PacBuffer> buffers() {
        return buffers;
    }

    /** Offset of the {@code index}-th buffer in {@link #encode()}. */
    public int offsetOf(int index) {
        return offsets[index];
    }

    /** Index of the first buffer of {@code type}, or -1. */
    public int indexOf(PacBufferType type) {
        for (int i = 0; i < buffers.size(); i++) {
            if (buffers.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<PacBuffer> buffer(PacBufferType type) {
        int i = indexOf(type);
        return i < 0 ? Optional.empty() : Optional.of(buffers.get(i));
    }

    public Optional<KerbValidationInfo> logonInfo() throws PacException {
        Optional<PacBuffer> b = buffer(PacBufferType.LOGON_INFO);
        return b.isEmpty() ? Optional.empty() : Optional.of(KerbValidationInfo.decode(b.get().data()));
    }

    public Optional<PacClientInfo> clientInfo() throws PacException {
        Optional<PacBuffer> b = buffer(PacBufferType.CLIENT_INFO);
        return b.isEmpty() ? Optional.empty() : Optional.of(PacClientInfo.decode(b.get().data()));
    }

    public Optional<UpnDnsInfo> upnDnsInfo() throws PacException {
        Optional<PacBuffer> b = buffer(PacBufferType.UPN_DNS_INFO);
        return b.isEmpty() ? Optional.empty() : Optional.of(UpnDnsInfo.decode(b.get().data()));
    }

    public Optional<PacAttributesInfo> attributesInfo() throws PacException {
        Optional<PacBuffer> b = buffer(PacBufferType.ATTRIBUTES_INFO);
        return b.isEmpty() ? Optional.empty() : Optional.of(PacAttributesInfo.decode(b.get().data()));
    }

    public Optional<PacRequestor> requestor() throws PacException {
        Optional<PacBuffer> b = buffer(PacBufferType.REQUESTOR);
        return b.isEmpty() ? Optional.empty() : Optional.of(PacRequestor.decode(b.get().data()));
    }

    /** A PAC_SIGNATURE_DATA buffer (server 6, KDC 7, ticket 16, full 19). */
    public Optional<PacSignatureData> signature(PacSignatureKind kind) throws PacException {
        Optional<PacBuffer> b = buffer(kind.bufferType());
        return b.isEmpty() ? Optional.empty() : Optional.of(PacSignatureData.decode(b.get().data()));
    }

    public Optional<PacSignatureData> serverSignature() throws PacException {
        return signature(PacSignatureKind.SERVER);
    }

    public Optional<PacSignatureData> kdcSignature() throws PacException {
        return signature(PacSignatureKind.KDC);
    }

    // ---------------------------------------------------------------- building

    public static Builder builder() {
        return new Builder(List.of());
    }

    /** A builder holding this PAC's buffers (the result is laid out canonically). */
    public Builder toBuilder() {
        return new Builder(buffers);
    }

    /** Lays out buffers canonically: descriptors, then each buffer at the next 8-byte boundary, zero padded. */
    static Pac layout(List<PacBuffer> buffers) {
        int n = buffers.size();
        long total = 8 + 16L * n;
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = (int) total;
            total = align(total + buffers.get(i).data().length());
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("PAC too large");
            }
        }
        NdrWriter w = new NdrWriter((int) total);
        w.u32(n).u32(VERSION);
        for (int i = 0; i < n; i++) {
            PacBuffer b = buffers.get(i);
            w.u32(b.type().value()).u32(b.data().length()).u64(offsets[i]);
        }
        for (PacBuffer b : buffers) {
            w.bytes(b.data().unsafeArray()).align(ALIGNMENT);
        }
        return new Pac(buffers, offsets, w.toBytes());
    }

    private static long align(long x) {
        return (x + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Collects buffers in order; {@link #build()} lays them out canonically. */
    public static final class Builder {
        private final List<PacBuffer> buffers;

        private Builder(List<PacBuffer> initial) {
            buffers = new ArrayList<>(initial);
        }

        public Builder add(PacBuffer buffer) {
            buffers.add(Objects.requireNonNull(buffer));
            return this;
        }

        public Builder add(PacBufferData content) {
            return add(PacBuffer.of(content));
        }

        /** Replaces the first buffer of that type in place, or appends it. */
        public Builder put(PacBuffer buffer) {
            for (int i = 0; i < buffers.size(); i++) {
                if (buffers.get(i).type().equals(buffer.type())) {
                    buffers.set(i, buffer);
                    return this;
                }
            }
            return add(buffer);
        }

        public Builder put(PacBufferData content) {
            return put(PacBuffer.of(content));
        }

        public Builder remove(PacBufferType type) {
            buffers.removeIf(b -> b.type().equals(type));
            return this;
        }

        public List<PacBuffer> buffers() {
            return List.copyOf(buffers);
        }

        /**
         * An unsigned PAC. Signature buffers already present are kept as they are; use {@link PacSigner}
         * to sign.
         */
        public Pac build() {
            return layout(buffers);
        }
    }
}
