package io.kerbridge.directory.internal;

import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupAdmin;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.kerberos.pac.Sid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Groups; the group graph is rebuilt after each write. */
public final class GroupsImpl implements GroupAdmin {
    private final Core core;

    public GroupsImpl(Core core) {
        this.core = core;
    }

    @Override
    public Group create(String name, GroupScope scope, String description) {
        if (name.isBlank() || name.length() > 256) {
            throw new DirectoryException(Reason.INVALID, "not a group name: " + name);
        }
        return core.write(c -> {
            if (AccountTable.samTaken(c, name)) {
                throw new DirectoryException(Reason.NAME_IN_USE, "name in use: " + name);
            }
            Group g = new Group(core.domain().sidWithRid(DomainTable.allocateRid(c)), name, scope, description);
            GroupTable.insert(c, g);
            core.touchGroups();
            return g;
        });
    }

    @Override
    public void delete(Sid group) {
        Group g = require(group);
        if (g.isBuiltin() || g.rid() < 1000) {
            throw new DirectoryException(Reason.INVALID, "well-known group " + g.name() + " cannot be deleted");
        }
        core.write(c -> {
            GroupTable.delete(c, group);
            core.touchGroups();
            return null;
        });
    }

    private Group require(Sid group) {
        Group g = core.groups().groups().get(group);
        if (g == null) {
            throw new DirectoryException(Reason.NO_SUCH_OBJECT, "no group " + group);
        }
        return g;
    }

    @Override
    public Optional<Group> get(Sid group) {
        return Optional.ofNullable(core.groups().groups().get(group));
    }

    @Override
    public Optional<Group> find(String name) {
        GroupGraph g = core.groups();
        return Optional.ofNullable(g.byName(name)).map(s -> g.groups().get(s));
    }

    @Override
    public List<Group> list() {
        return core.groups().groups().values().stream()
                .sorted(Comparator.comparing((Group g) -> g.sid().toString().length()).thenComparing(g -> g.sid()
                        .toString())).toList();
    }

    @Override
    public void addMember(Sid group, Sid member) {
        require(group);
        core.write(c -> {
            GroupTable.addMember(c, group, member);
            core.touchGroups();
            return null;
        });
    }

    @Override
    public void removeMember(Sid group, Sid member) {
        require(group);
        core.write(c -> {
            GroupTable.removeMember(c, group, member);
            core.touchGroups();
            return null;
        });
    }

    @Override
    public List<Sid> members(Sid group) {
        require(group);
        List<Sid> out = new ArrayList<>(core.groups().explicitMembers(group));
        out.sort(Comparator.comparing((Sid s) -> s.subAuthorities().size()).thenComparing(Sid::toString));
        boolean ours = group.domain().equals(core.domain().sid());
        if (ours) {
            core.index().all().stream().map(Index.Held::account)
                    .filter(a -> a.primaryGroupRid() == group.rid() && a.sid().domain().equals(core.domain().sid()))
                    .sorted(Comparator.comparingLong(a -> a.rid()))
                    .forEach(a -> out.add(a.sid()));
        }
        return out;
    }
}
