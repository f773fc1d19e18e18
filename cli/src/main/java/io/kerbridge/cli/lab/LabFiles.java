package io.kerbridge.cli.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Private files and generated secrets: directories 0700, files 0600, written atomically. */
final class LabFiles {
    private LabFiles() {}

    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "-_.+=";

    static void privateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    static void writePrivate(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The first line of a secret file. */
    static String read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    }

    /** The secret in {@code file}, generated and written (0600) the first time. */
    static String secret(Path file, java.util.function.Supplier<String> generate) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        String s = generate.get();
        writePrivate(file, s + "\n");
        return s;
    }

    /**
     * A random password of 20 characters with upper and lower case letters, digits and a symbol (AD's complexity rule
     * wants three of the four classes; no characters a shell or a URL would trip over).
     */
    static String password(SecureRandom r) {
        StringBuilder b = new StringBuilder();
        String all = UPPER + LOWER + DIGITS;
        b.append(UPPER.charAt(r.nextInt(UPPER.length()))).append(LOWER.charAt(r.nextInt(LOWER.length())))
                .append(DIGITS.charAt(r.nextInt(DIGITS.length()))).append(SYMBOLS.charAt(r.nextInt(SYMBOLS.length())));
        while (b.length() < 20) {
            b.append(all.charAt(r.nextInt(all.length())));
        }
        // shuffle, so the classes are not always in the same places
        char[] c = b.toString().toCharArray();
        for (int i = c.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            char t = c[i];
            c[i] = c[j];
            c[j] = t;
        }
        return new String(c);
    }

    /** A random 8-digit PIN (Hello wants at least 6). */
    static String pin(SecureRandom r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }
}
