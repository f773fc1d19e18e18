package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.PacException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * KERB_VALIDATION_INFO (MS-PAC 2.5), the PAC_LOGON_INFO buffer (type 1). On the wire it is an NDR
 * stream (MS-RPCE 2.2.6 type serialization v1) holding a unique pointer to the structure; embedded
 * pointers are deferred after it in field order.
 *
 * <p>Unsigned 32-bit fields are held in {@code int}s (use {@link Integer#toUnsignedLong}).
 * {@code reserved1} is the 8 bytes of {@code ULONG Reserved1[2]}.
 */
public record KerbValidationInfo(
        FileTime logonTime,
        FileTime logoffTime,
        FileTime kickOffTime,
        FileTime passwordLastSet,
        FileTime passwordCanChange,
        FileTime passwordMustChange,
        RpcUnicodeString effectiveName,
        RpcUnicodeString fullName,
        RpcUnicodeString logonScript,
        RpcUnicodeString profilePath,
        RpcUnicodeString homeDirectory,
        RpcUnicodeString homeDirectoryDrive,
        int logonCount,
        int badPasswordCount,
        int userId,
        int primaryGroupId,
        List<GroupMembership> groupIds,
        int userFlags,
        Bytes userSessionKey,
        RpcUnicodeString logonServer,
        RpcUnicodeString logonDomainName,
        Optional<Sid> logonDomainId,
        Bytes reserved1,
        int userAccountControl,
        int subAuthStatus,
        FileTime lastSuccessfulILogon,
        FileTime lastFailedILogon,
        int failedILogonCount,
        int reserved3,
        List<SidAndAttributes> extraSids,
        Optional<Sid> resourceGroupDomainSid,
        List<GroupMembership> resourceGroupIds) implements PacBufferData {

    /** UserFlags (MS-PAC 2.5): D = ExtraSids present, H = ResourceGroupIds present. */
    public static final int USER_FLAG_EXTRA_SIDS = 0x20;
    public static final int USER_FLAG_RESOURCE_GROUPS = 0x200;
    /** UserAccountControl bits (MS-PAC 2.5 / MS-SAMR 2.2.1.12). */
    public static final int UAC_NORMAL_ACCOUNT = 0x10;
    public static final int UAC_DONT_EXPIRE_PASSWORD = 0x200;

    public KerbValidationInfo {
        for (Object o : new Object[] {logonTime, logoffTime, kickOffTime, passwordLastSet, passwordCanChange,
                passwordMustChange, effectiveName, fullName, logonScript, profilePath, homeDirectory,
                homeDirectoryDrive, logonServer, logonDomainName, lastSuccessfulILogon, lastFailedILogon}) {
            Objects.requireNonNull(o, "KERB_VALIDATION_INFO field");
        }
        groupIds = List.copyOf(groupIds);
        extraSids = List.copyOf(extraSids);
        resourceGroupIds = List.copyOf(resourceGroupIds);
        Objects.requireNonNull(logonDomainId, "logonDomainId");
        Objects.requireNonNull(resourceGroupDomainSid, "resourceGroupDomainSid");
        if (userSessionKey.length() != 16) {
            throw new IllegalArgumentException("UserSessionKey is 16 bytes");
        }
        if (reserved1.length() != 8) {
            throw new IllegalArgumentException("Reserved1 is 8 bytes");
        }
        if ((logonCount & ~0xFFFF) != 0 || (badPasswordCount & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("LogonCount and BadPasswordCount are 16-bit");
        }
    }

    @Override
    public PacBufferType bufferType() {
        return PacBufferType.LOGON_INFO;
    }

    /** The user's SID: LogonDomainId + UserId. */
    public Optional<Sid> userSid() {
        return logonDomainId.map(d -> d.withRid(Integer.toUnsignedLong(userId)));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes the PAC_LOGON_INFO buffer: type serialization headers, top-level pointer, structure. */
    public static KerbValidationInfo decode(Bytes buffer) throws PacException {
        NdrReader r = NdrReader.typeSerialized(buffer);
        if (r.pointer() == 0) {
            throw new PacException(Reason.BAD_POINTER, "null KERB_VALIDATION_INFO pointer");
        }
        FileTime logonTime = r.fileTime();
        FileTime logoffTime = r.fileTime();
        FileTime kickOffTime = r.fileTime();
        FileTime passwordLastSet = r.fileTime();
        FileTime passwordCanChange = r.fileTime();
        FileTime passwordMustChange = r.fileTime();
        RpcUnicodeString.Header[] names = new RpcUnicodeString.Header[6];
        for (int i = 0; i < names.length; i++) {
            names[i] = RpcUnicodeString.Header.read(r);
        }
        int logonCount = r.a16();
        int badPasswordCount = r.a16();
        int userId = r.a32();
        int primaryGroupId = r.a32();
        int groupCount = r.a32();
        int groupPtr = r.pointer();
        int userFlags = r.a32();
        Bytes userSessionKey = Bytes.wrap(r.bytes(16));
        RpcUnicodeString.Header logonServer = RpcUnicodeString.Header.read(r);
        RpcUnicodeString.Header logonDomainName = RpcUnicodeString.Header.read(r);
        int domainIdPtr = r.pointer();
        r.align(4);
        Bytes reserved1 = Bytes.wrap(r.bytes(8));
        int userAccountControl = r.a32();
        int subAuthStatus = r.a32();
        FileTime lastSuccessfulILogon = r.fileTime();
        FileTime lastFailedILogon = r.fileTime();
        int failedILogonCount = r.a32();
        int reserved3 = r.a32();
        int sidCount = r.a32();
        int extraSidsPtr = r.pointer();
        int resourceDomainPtr = r.pointer();
        int resourceGroupCount = r.a32();
        int resourceGroupPtr = r.pointer();

        // Deferred pointees, in field order (C706 14.3.12.3).
        RpcUnicodeString[] strings = new RpcUnicodeString[6];
        for (int i = 0; i < names.length; i++) {
            strings[i] = names[i].readDeferred(r);
        }
        List<GroupMembership> groups = readGroups(r, groupCount, groupPtr, "GroupIds");
        RpcUnicodeString server = logonServer.readDeferred(r);
        RpcUnicodeString domainName = logonDomainName.readDeferred(r);
        Optional<Sid> domainId = domainIdPtr == 0 ? Optional.empty() : Optional.of(readNdrSid(r));
        List<SidAndAttributes> extra = readExtraSids(r, sidCount, extraSidsPtr);
        Optional<Sid> resourceDomain = resourceDomainPtr == 0 ? Optional.empty() : Optional.of(readNdrSid(r));
        List<GroupMembership> resourceGroups =
                readGroups(r, resourceGroupCount, resourceGroupPtr, "ResourceGroupIds");

        return new KerbValidationInfo(logonTime, logoffTime, kickOffTime, passwordLastSet, passwordCanChange,
                passwordMustChange, strings[0], strings[1], strings[2], strings[3], strings[4], strings[5],
                logonCount, badPasswordCount, userId, primaryGroupId, groups, userFlags, userSessionKey, server,
                domainName, domainId, reserved1, userAccountControl, subAuthStatus, lastSuccessfulILogon,
                lastFailedILogon, failedILogonCount, reserved3, extra, resourceDomain, resourceGroups);
    }

    private static void checkCount(int count, int ptr, String what) throws PacException {
        if (ptr == 0 && count != 0) {
            throw new PacException(Reason.BAD_POINTER, what + ": count " + Integer.toUnsignedString(count)
                    + " with a null pointer");
        }
    }

    private static List<GroupMembership> readGroups(NdrReader r, int count, int ptr, String what)
            throws PacException {
        checkCount(count, ptr, what);
        if (ptr == 0) {
            return List.of();
        }
        int n = r.conformance(GroupMembership.NDR_SIZE);
        if (n != count) {
            throw new PacException(Reason.BAD_COUNT, what + ": array of " + n + " for count "
                    + Integer.toUnsignedString(count));
        }
        List<GroupMembership> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new GroupMembership(r.a32(), r.a32()));
        }
        return out;
    }

    private static List<SidAndAttributes> readExtraSids(NdrReader r, int count, int ptr) throws PacException {
        checkCount(count, ptr, "ExtraSids");
        if (ptr == 0) {
            return List.of();
        }
        int n = r.conformance(8);
        if (n != count) {
            throw new PacException(Reason.BAD_COUNT, "ExtraSids: array of " + n + " for SidCount "
                    + Integer.toUnsignedString(count));
        }
        int[] attributes = new int[n];
        for (int i = 0; i < n; i++) {
            if (r.pointer() == 0) {
                throw new PacException(Reason.BAD_POINTER, "ExtraSids[" + i + "]: null SID");
            }
            attributes[i] = r.a32();
        }
        List<SidAndAttributes> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new SidAndAttributes(readNdrSid(r), attributes[i]));
        }
        return out;
    }

    /** RPC_SID as an NDR conformant structure: the conformance (SubAuthorityCount) comes first. */
    static Sid readNdrSid(NdrReader r) throws PacException {
        int n = r.conformance(4);
        Sid sid = Sid.read(r);
        if (sid.subAuthorities().size() != n) {
            throw new PacException(Reason.BAD_SID, "SID conformance " + n + " but SubAuthorityCount "
                    + sid.subAuthorities().size());
        }
        return sid;
    }

    // ---------------------------------------------------------------- encoding

    /** The PAC_LOGON_INFO buffer: headers + NDR stream padded to 8 bytes. */
    @Override
    public Bytes encode() {
        NdrWriter w = new NdrWriter(1024);
        w.pointer(true);
        for (FileTime t : List.of(logonTime, logoffTime, kickOffTime, passwordLastSet, passwordCanChange,
                passwordMustChange)) {
            w.fileTime(t);
        }
        List<RpcUnicodeString> names = List.of(effectiveName, fullName, logonScript, profilePath, homeDirectory,
                homeDirectoryDrive);
        names.forEach(s -> s.writeHeader(w));
        w.a16(logonCount).a16(badPasswordCount).a32(userId).a32(primaryGroupId);
        w.a32(groupIds.size()).pointer(!groupIds.isEmpty());
        w.a32(userFlags).bytes(userSessionKey.unsafeArray());
        logonServer.writeHeader(w);
        logonDomainName.writeHeader(w);
        w.pointer(logonDomainId.isPresent());
        w.align(4).bytes(reserved1.unsafeArray());
        w.a32(userAccountControl).a32(subAuthStatus);
        w.fileTime(lastSuccessfulILogon).fileTime(lastFailedILogon);
        w.a32(failedILogonCount).a32(reserved3);
        w.a32(extraSids.size()).pointer(!extraSids.isEmpty());
        w.pointer(resourceGroupDomainSid.isPresent());
        w.a32(resourceGroupIds.size()).pointer(!resourceGroupIds.isEmpty());

        names.forEach(s -> s.writeDeferred(w));
        writeGroups(w, groupIds);
        logonServer.writeDeferred(w);
        logonDomainName.writeDeferred(w);
        logonDomainId.ifPresent(s -> writeNdrSid(w, s));
        if (!extraSids.isEmpty()) {
            w.a32(extraSids.size());
            for (SidAndAttributes s : extraSids) {
                w.pointer(true).a32(s.attributes());
            }
            extraSids.forEach(s -> writeNdrSid(w, s.sid()));
        }
        resourceGroupDomainSid.ifPresent(s -> writeNdrSid(w, s));
        writeGroups(w, resourceGroupIds);
        return NdrWriter.typeSerialized(w.toBytes());
    }

    private static void writeGroups(NdrWriter w, List<GroupMembership> groups) {
        if (!groups.isEmpty()) {
            w.a32(groups.size());
            for (GroupMembership g : groups) {
                w.a32(g.relativeId()).a32(g.attributes());
            }
        }
    }

    static void writeNdrSid(NdrWriter w, Sid sid) {
        w.a32(sid.subAuthorities().size());
        sid.write(w);
    }

    // ---------------------------------------------------------------- builder

    /** Builds a KERB_VALIDATION_INFO; unset strings are empty, unset times "unset" or "never" as Samba writes them. */
    public static final class Builder {
        private FileTime logonTime = FileTime.UNSET;
        private FileTime logoffTime = FileTime.NEVER;
        private FileTime kickOffTime = FileTime.NEVER;
        private FileTime passwordLastSet = FileTime.UNSET;
        private FileTime passwordCanChange = FileTime.UNSET;
        private FileTime passwordMustChange = FileTime.NEVER;
        private RpcUnicodeString effectiveName = RpcUnicodeString.EMPTY;
        private RpcUnicodeString fullName = RpcUnicodeString.EMPTY;
        private RpcUnicodeString logonScript = RpcUnicodeString.EMPTY;
        private RpcUnicodeString profilePath = RpcUnicodeString.EMPTY;
        private RpcUnicodeString homeDirectory = RpcUnicodeString.EMPTY;
        private RpcUnicodeString homeDirectoryDrive = RpcUnicodeString.EMPTY;
        private int logonCount;
        private int badPasswordCount;
        private int userId;
        private int primaryGroupId = 513;
        private List<GroupMembership> groupIds = List.of();
        private int userFlags;
        private Bytes userSessionKey = Bytes.wrap(new byte[16]);
        private RpcUnicodeString logonServer = RpcUnicodeString.EMPTY;
        private RpcUnicodeString logonDomainName = RpcUnicodeString.EMPTY;
        private Optional<Sid> logonDomainId = Optional.empty();
        private Bytes reserved1 = Bytes.wrap(new byte[8]);
        private int userAccountControl = UAC_NORMAL_ACCOUNT;
        private int subAuthStatus;
        private FileTime lastSuccessfulILogon = FileTime.UNSET;
        private FileTime lastFailedILogon = FileTime.UNSET;
        private int failedILogonCount;
        private int reserved3;
        private List<SidAndAttributes> extraSids = List.of();
        private Optional<Sid> resourceGroupDomainSid = Optional.empty();
        private List<GroupMembership> resourceGroupIds = List.of();

        private Builder() {}

        private Builder(KerbValidationInfo v) {
            logonTime = v.logonTime; logoffTime = v.logoffTime; kickOffTime = v.kickOffTime;
            passwordLastSet = v.passwordLastSet; passwordCanChange = v.passwordCanChange;
            passwordMustChange = v.passwordMustChange; effectiveName = v.effectiveName; fullName = v.fullName;
            logonScript = v.logonScript; profilePath = v.profilePath; homeDirectory = v.homeDirectory;
            homeDirectoryDrive = v.homeDirectoryDrive; logonCount = v.logonCount;
            badPasswordCount = v.badPasswordCount; userId = v.userId; primaryGroupId = v.primaryGroupId;
            groupIds = v.groupIds; userFlags = v.userFlags; userSessionKey = v.userSessionKey;
            logonServer = v.logonServer; logonDomainName = v.logonDomainName; logonDomainId = v.logonDomainId;
            reserved1 = v.reserved1; userAccountControl = v.userAccountControl; subAuthStatus = v.subAuthStatus;
            lastSuccessfulILogon = v.lastSuccessfulILogon; lastFailedILogon = v.lastFailedILogon;
            failedILogonCount = v.failedILogonCount; reserved3 = v.reserved3; extraSids = v.extraSids;
            resourceGroupDomainSid = v.resourceGroupDomainSid; resourceGroupIds = v.resourceGroupIds;
        }

        public Builder logonTime(FileTime t) { logonTime = t; return this; }
        public Builder logoffTime(FileTime t) { logoffTime = t; return this; }
        public Builder kickOffTime(FileTime t) { kickOffTime = t; return this; }
        public Builder passwordLastSet(FileTime t) { passwordLastSet = t; return this; }
        public Builder passwordCanChange(FileTime t) { passwordCanChange = t; return this; }
        public Builder passwordMustChange(FileTime t) { passwordMustChange = t; return this; }
        public Builder effectiveName(String s) { effectiveName = RpcUnicodeString.of(s); return this; }
        public Builder fullName(String s) { fullName = RpcUnicodeString.of(s); return this; }
        public Builder logonScript(String s) { logonScript = RpcUnicodeString.of(s); return this; }
        public Builder profilePath(String s) { profilePath = RpcUnicodeString.of(s); return this; }
        public Builder homeDirectory(String s) { homeDirectory = RpcUnicodeString.of(s); return this; }
        public Builder homeDirectoryDrive(String s) { homeDirectoryDrive = RpcUnicodeString.of(s); return this; }
        public Builder logonCount(int n) { logonCount = n; return this; }
        public Builder badPasswordCount(int n) { badPasswordCount = n; return this; }
        public Builder userId(int rid) { userId = rid; return this; }
        public Builder primaryGroupId(int rid) { primaryGroupId = rid; return this; }
        public Builder groupIds(List<GroupMembership> g) { groupIds = g; return this; }
        public Builder userFlags(int f) { userFlags = f; return this; }
        public Builder userSessionKey(Bytes k) { userSessionKey = k; return this; }
        public Builder logonServer(String s) { logonServer = RpcUnicodeString.of(s); return this; }
        public Builder logonDomainName(String s) { logonDomainName = RpcUnicodeString.of(s); return this; }
        public Builder logonDomainId(Sid sid) { logonDomainId = Optional.of(sid); return this; }
        public Builder userAccountControl(int uac) { userAccountControl = uac; return this; }
        public Builder subAuthStatus(int s) { subAuthStatus = s; return this; }
        public Builder lastSuccessfulILogon(FileTime t) { lastSuccessfulILogon = t; return this; }
        public Builder lastFailedILogon(FileTime t) { lastFailedILogon = t; return this; }
        public Builder failedILogonCount(int n) { failedILogonCount = n; return this; }
        /** Sets ExtraSids and the D bit of UserFlags accordingly. */
        public Builder extraSids(List<SidAndAttributes> s) {
            extraSids = s;
            userFlags = s.isEmpty() ? userFlags & ~USER_FLAG_EXTRA_SIDS : userFlags | USER_FLAG_EXTRA_SIDS;
            return this;
        }
        /** Sets the resource group domain and RIDs and the H bit of UserFlags accordingly. */
        public Builder resourceGroups(Optional<Sid> domain, List<GroupMembership> g) {
            resourceGroupDomainSid = domain;
            resourceGroupIds = g;
            userFlags = g.isEmpty() ? userFlags & ~USER_FLAG_RESOURCE_GROUPS : userFlags | USER_FLAG_RESOURCE_GROUPS;
            return this;
        }

        public KerbValidationInfo build() {
            return new KerbValidationInfo(logonTime, logoffTime, kickOffTime, passwordLastSet, passwordCanChange,
                    passwordMustChange, effectiveName, fullName, logonScript, profilePath, homeDirectory,
                    homeDirectoryDrive, logonCount, badPasswordCount, userId, primaryGroupId, groupIds, userFlags,
                    userSessionKey, logonServer, logonDomainName, logonDomainId, reserved1, userAccountControl,
                    subAuthStatus, lastSuccessfulILogon, lastFailedILogon, failedILogonCount, reserved3, extraSids,
                    resourceGroupDomainSid, resourceGroupIds);
        }
    }
}
