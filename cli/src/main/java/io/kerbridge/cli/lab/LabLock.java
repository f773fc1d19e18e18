package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;

/** One lab command at a time per lab directory (an advisory lock on DIR/.lab/lock). */
final class LabLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LabLock take(LabLayout l) throws IOException {
        LabFiles.privateDir(l.stateDir());
        FileChannel c = FileChannel.open(l.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = c.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            c.close();
            throw new CliError("another kerbridge lab command is working on " + l.dir() + "; wait for it to finish");
        }
        return new LabLock(c, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
