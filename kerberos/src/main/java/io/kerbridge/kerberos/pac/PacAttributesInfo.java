package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * PAC_ATTRIBUTES_INFO (MS-PAC 2.14, buffer type 17): FlagsLength (in bits) and Flags as
 * ceil(FlagsLength/32) ULONGs. Bit 0x1 PAC_WAS_REQUESTED, 0x2 PAC_WAS_GIVEN_IMPLICITLY.
 */
public record PacAttributesInfo(int flagsLength, List<Integer> flags) implements PacBufferData {
    public static final int PAC_WAS_REQUESTED = 0x1;
    public static final int PAC_WAS_GIVEN_IMPLICITLY = 0x2;

    public PacAttributesInfo {
        flags = List.copyOf(flags);
        if (flags.size() != words(flagsLength)) {
            throw new IllegalArgumentException("FlagsLength " + Integer.toUnsignedString(flagsLength)
                    + " needs " + words(flagsLength) + " flag words");
        }
    }

    /** The usual form: FlagsLength 2, one flag word. */
    public static PacAttributesInfo of(int flags) {
        return new PacAttributesInfo(2, List.of(flags));
    }

    private static long words(int flagsLength) {
        return (Integer.toUnsignedLong(flagsLength) + 31) / 32;
    }

    @Override
    public PacBufferType bufferType() {
        return PacBufferType.ATTRIBUTES_INFO;
    }

    /** The first flag word (0 when FlagsLength is 0). */
    public int firstWord() {
        return flags.isEmpty() ? 0 : flags.get(0);
    }

    public boolean pacWasRequested() {
        return (firstWord() & PAC_WAS_REQUESTED) != 0;
    }

    public boolean pacWasGivenImplicitly() {
        return (firstWord() & PAC_WAS_GIVEN_IMPLICITLY) != 0;
    }

    public static PacAttributesInfo decode(Bytes buffer) throws PacException {
        NdrReader r = NdrReader.of(buffer);
        int flagsLength = r.u32();
        long n = words(flagsLength);
        r.require(4 * n);
        List<Integer> flags = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            flags.add(r.u32());
        }
        return new PacAttributesInfo(flagsLength, flags);
    }

    @Override
    public Bytes encode() {
        NdrWriter w = new NdrWriter(16).u32(flagsLength);
        flags.forEach(w::u32);
        return w.toBytes();
    }
}
