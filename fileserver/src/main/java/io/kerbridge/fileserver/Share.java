// RFC 4918 §5.2 (collections and their members); the containment rule (every path a share serves resolves,
// symbolic links followed, inside the share's directory) is this project's, see the class comment.
package io.kerbridge.fileserver;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A share at run time: its name, the real path of its directory, its ACL, and the mapping from request
 * segments to files.
 *
 * <p><b>Containment.</b> A path is served only if its real path (every symbolic link followed) is the share's
 * directory or below it. A symbolic link that leads out of the share, or nowhere, is treated as absent: not
 * listed, not readable, not writable through. For a path that does not exist yet (PUT, MKCOL) the real path
 * of its parent must be inside. Files are opened by their real path and without following a final link.
 * The check and the use are not atomic: someone who can create symbolic links inside the share's directory
 * on the server itself could race them; shares are meant to be written only through this server.
 */
public final class Share {
    /** Share names: a letter or digit, then letters, digits, space, '.', '_', '$' or '-'; at most 80. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._$-]{0,79}");

    private final String name;
    private final Path root;
    private final Acl acl;

    private Share(String name, Path root, Acl acl) {
        this.name = name;
        this.root = root;
        this.acl = acl;
    }

    /** Opens a share whose directory must exist. */
    public static Share open(String name, Path directory, Acl acl) throws IOException {
        checkName(name);
        Path real;
        try {
            real = directory.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("the directory of share " + name + " does not exist: " + directory);
        }
        if (!Files.isDirectory(real)) {
            throw new IOException("the path of share " + name + " is not a directory: " + directory);
        }
        return new Share(name, real, Objects.requireNonNull(acl));
    }

    /** @throws IllegalArgumentException with a message naming the rule */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("share name '" + name + "': use 1-80 letters, digits, spaces, '.', "
                    + "'_', '$' or '-', beginning with a letter or digit");
        }
    }

    public String name() {
        return name;
    }

    public Path root() {
        return root;
    }

    public Acl acl() {
        return acl;
    }

    /** What a request path names inside the share. */
    public sealed interface Entry permits Existing, Missing, Outside {}

    /** An existing file or directory, by its real path. */
    public record Existing(Path path, BasicFileAttributes attributes) implements Entry {
        public boolean directory() {
            return attributes.isDirectory();
        }
    }

    /**
     * Nothing there yet. {@code target} is where it would be created (parent's real path + name) when the
     * parent is an existing directory inside the share; empty otherwise.
     */
    public record Missing(java.util.Optional<Path> target) implements Entry {}

    /** A symbolic link out of the share, or a dangling one: treated as absent, and never written through. */
    public record Outside() implements Entry {}

    /** Resolves checked request segments ({@link RequestPath#segments()}). */
    public Entry resolve(List<String> segments) throws IOException {
        Path p = root;
        for (String s : segments) {
            p = p.resolve(s);
        }
        if (!p.normalize().startsWith(root)) {
            return new Outside(); // unreachable with checked segments; kept as a second line
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return existing(p);
        }
        Path parent = p.getParent();
        try {
            Path realParent = parent.toRealPath();
            if (!inside(realParent)) {
                return new Outside();
            }
            if (!Files.isDirectory(realParent, LinkOption.NOFOLLOW_LINKS)) {
                return new Missing(java.util.Optional.empty());
            }
            return new Missing(java.util.Optional.of(realParent.resolve(p.getFileName().toString())));
        } catch (NoSuchFileException e) {
            return new Missing(java.util.Optional.empty());
        }
    }

    private Entry existing(Path p) throws IOException {
        try {
            Path real = p.toRealPath();
            if (!inside(real)) {
                return new Outside();
            }
            return new Existing(real, Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException dangling) {
            return new Outside();
        }
    }

    private boolean inside(Path real) {
        return real.startsWith(root);
    }

    /** A member of a directory listing. */
    public record Member(String name, Existing entry) {}

    /**
     * The members of a directory (by its real path), minus what the server would not serve: reserved
     * names, names a request could not name, and links out of the share. Unsorted.
     */
    public List<Member> list(Path directory) throws IOException {
        List<Member> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
            for (Path child : ds) {
                String n = child.getFileName().toString();
                if (!servable(n)) {
                    continue;
                }
                if (existing(child) instanceof Existing e) {
                    out.add(new Member(n, e));
                }
            }
        }
        return out;
    }

    /** Whether a request could name this file name ({@link RequestPath#segment} would accept it). */
    static boolean servable(String fileName) {
        try {
            return RequestPath.segment(RequestPath.encode(fileName)).equals(fileName);
        } catch (RequestPath.BadPath e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Share[" + name + " -> " + root + "]";
    }
}
