#!/usr/bin/python3
"""cutfs: a pass-through FUSE file system that can simulate a power cut (test tooling, issue 11).

    /usr/bin/python3 scripts/powerloss/cutfs.py BACKING MOUNTPOINT CONTROL_FIFO [FSYNC_MS]

Every file under MOUNTPOINT is the file of the same name under BACKING, except that data written
to it and not yet fsynced lives only in this process's memory, as it would in an operating
system's page cache: reads, stat and file size see it, the backing file does not. fsync or
fdatasync of a file, through any descriptor of it, writes that file's unsynced data to the backing
file and fsyncs it. Unsynced data is kept per file (by the backing inode), not per descriptor:
SQLite syncs through a descriptor other than the one that wrote, and data written before a rename
belongs to the renamed file.

Writing "cut" to CONTROL_FIFO discards everything unsynced, as a power cut would, and prints
"cut FILES BYTES" on stdout when it is done. From then on the power is off: every change (write,
truncate, fsync, create, rename, unlink...) fails with EIO and changes nothing, so an fsync that was
still under way, or a write a killed process had already queued, cannot land after the cut. "on"
turns the power back on (prints "on"): kill the processes using the mount, wait for them to exit,
then send it.
FSYNC_MS (default 0) is the disk's flush latency: an fsync takes that long before it writes
anything, and a cut meanwhile loses what it was about to write, as it would on a real disk.
"stats" prints "stats FILES BYTES SYNCS". "ready" is printed once the mount is serving.

What it does not model (docs/decisions/030-power-cut-file-system.md): metadata (create, unlink,
rename, mkdir) is durable at once, as on a journalling file system that has committed it; a
truncate is cached like data and reaches the backing file at the next fsync of that file; writes
are never torn within a block and never reach the disk early on their own.
"""

import errno
import os
import stat
import sys
import threading
import time

from fusepy import FUSE, FuseOSError, Operations

BLOCK = 4096


class Unsynced:
    """The unsynced state of one file: dirty blocks, its size, and how far the backing data still holds."""

    def __init__(self, size):
        self.blocks = {}  # block number -> bytearray(BLOCK)
        self.size = size  # the file's size as readers see it
        self.floor = size  # backing bytes at or past this offset were truncated away (read as zeros)


class CutFS(Operations):
    def __init__(self, backing, fsync_ms=0):
        self.backing = os.path.realpath(backing)
        self.fsync_delay = fsync_ms / 1000
        self.mutex = threading.RLock()
        self.files = {}  # backing inode -> Unsynced
        self.syncs = 0
        self.powered = True

    # -- helpers -------------------------------------------------------------------------------
    def _path(self, path):
        return os.path.join(self.backing, path.lstrip("/"))

    def _ino(self, path, fh=None):
        return (os.fstat(fh) if fh is not None else os.lstat(self._path(path))).st_ino

    def _state(self, ino, fd):
        state = self.files.get(ino)
        if state is None:
            state = Unsynced(os.fstat(fd).st_size)
            self.files[ino] = state
        return state

    def _backing_block(self, state, fd, number):
        """A block as the backing file holds it, with anything truncated away read as zeros."""
        start = number * BLOCK
        data = bytearray(BLOCK)
        if start < state.floor:
            chunk = os.pread(fd, min(BLOCK, state.floor - start), start)
            data[: len(chunk)] = chunk
        return data

    def _forget(self, path):
        """Drops the unsynced state of a file whose last name is going away."""
        try:
            st = os.lstat(self._path(path))
        except FileNotFoundError:
            return
        if stat.S_ISREG(st.st_mode) and st.st_nlink <= 1:
            self.files.pop(st.st_ino, None)

    def _open_fd(self, path, flags, mode=None):
        # Always read-write when allowed: an fsync through a read-only descriptor must still be
        # able to write the file's unsynced data out.
        wanted = flags & ~(os.O_ACCMODE | os.O_TRUNC | os.O_APPEND | os.O_CREAT | os.O_EXCL)
        try:
            if mode is None:
                return os.open(self._path(path), wanted | os.O_RDWR)
            return os.open(self._path(path), wanted | os.O_RDWR | os.O_CREAT | (flags & os.O_EXCL), mode)
        except PermissionError:
            return os.open(self._path(path), flags & ~os.O_TRUNC, *(() if mode is None else (mode,)))

    def _powered(self):
        """Called (holding the mutex) before any change: none lands while the power is off."""
        if not self.powered:
            raise FuseOSError(errno.EIO)

    # -- the power cut -------------------------------------------------------------------------
    def cut(self):
        with self.mutex:
            files = len(self.files)
            size = sum(len(s.blocks) * BLOCK for s in self.files.values())
            self.files.clear()
            self.powered = False
        return files, size

    def power_on(self):
        with self.mutex:
            self.files.clear()
            self.powered = True

    def stats(self):
        with self.mutex:
            return len(self.files), sum(len(s.blocks) * BLOCK for s in self.files.values()), self.syncs

    # -- metadata (durable at once) ------------------------------------------------------------
    def getattr(self, path, fh=None):
        with self.mutex:
            st = os.fstat(fh) if fh is not None else os.lstat(self._path(path))
            attrs = {key: getattr(st, key) for key in ("st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime", "st_nlink", "st_size", "st_uid", "st_ino")}
            state = self.files.get(st.st_ino) if stat.S_ISREG(st.st_mode) else None
            if state is not None:
                attrs["st_size"] = state.size
                attrs["st_blocks"] = (state.size + 511) // 512
            return attrs

    def access(self, path, amode):
        if not os.access(self._path(path), amode):
            raise FuseOSError(errno.EACCES)

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._path(path))

    def mkdir(self, path, mode):
        with self.mutex:
            self._powered()
            os.mkdir(self._path(path), mode)

    def rmdir(self, path):
        with self.mutex:
            self._powered()
            os.rmdir(self._path(path))

    def chmod(self, path, mode):
        os.chmod(self._path(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._path(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._path(path), times)

    def statfs(self, path):
        sv = os.statvfs(self._path(path))
        return {key: getattr(sv, key) for key in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}

    def unlink(self, path):
        with self.mutex:
            self._powered()
            self._forget(path)
            os.unlink(self._path(path))

    def rename(self, old, new):
        with self.mutex:
            self._powered()
            if os.path.lexists(self._path(new)) and self._ino(new) != self._ino(old):
                self._forget(new)
            # The unsynced data is kept by inode, so it moves with the file.
            os.rename(self._path(old), self._path(new))

    def link(self, target, source):
        os.link(self._path(source), self._path(target))

    def symlink(self, target, source):
        os.symlink(source, self._path(target))

    def readlink(self, path):
        return os.readlink(self._path(path))

    # -- files ---------------------------------------------------------------------------------
    def create(self, path, mode, fi=None):
        with self.mutex:
            self._powered()
            existed = os.path.lexists(self._path(path))
            fd = self._open_fd(path, os.O_CREAT | os.O_RDWR, mode)
            if not existed:
                # A new inode may reuse the number of a deleted one: it starts with nothing unsynced.
                self.files.pop(os.fstat(fd).st_ino, None)
            return fd

    def open(self, path, flags):
        with self.mutex:
            fd = self._open_fd(path, flags)
            if flags & os.O_TRUNC:
                self._truncate(fd, 0)
            return fd

    def read(self, path, size, offset, fh):
        with self.mutex:
            state = self.files.get(os.fstat(fh).st_ino)
            if state is None:
                return os.pread(fh, size, offset)
            end = min(offset + size, state.size)
            out = bytearray()
            position = offset
            while position < end:
                number, within = divmod(position, BLOCK)
                take = min(BLOCK - within, end - position)
                block = state.blocks.get(number)
                if block is None:
                    block = self._backing_block(state, fh, number)
                out += block[within : within + take]
                position += take
            return bytes(out)

    def write(self, path, data, offset, fh):
        with self.mutex:
            self._powered()
            state = self._state(os.fstat(fh).st_ino, fh)
            position = offset
            view = memoryview(data)
            while view:
                number, within = divmod(position, BLOCK)
                take = min(BLOCK - within, len(view))
                block = state.blocks.get(number)
                if block is None:
                    block = self._backing_block(state, fh, number)
                    state.blocks[number] = block
                block[within : within + take] = view[:take]
                view = view[take:]
                position += take
            state.size = max(state.size, offset + len(data))
            return len(data)

    def _truncate(self, fd, length):
        state = self._state(os.fstat(fd).st_ino, fd)
        if length < state.size:
            for number in [n for n in state.blocks if n * BLOCK >= length]:
                del state.blocks[number]
            last = state.blocks.get(length // BLOCK)
            if last is not None:
                within = length % BLOCK
                last[within:] = bytes(BLOCK - within)
            state.floor = min(state.floor, length)
        state.size = length

    def truncate(self, path, length, fh=None):
        with self.mutex:
            self._powered()
            if fh is not None:
                self._truncate(fh, length)
                return
            fd = self._open_fd(path, os.O_RDWR)
            try:
                self._truncate(fd, length)
            finally:
                os.close(fd)

    def fsync(self, path, datasync, fh):
        if self.fsync_delay > 0:
            time.sleep(self.fsync_delay)  # the disk's flush latency; other requests go on meanwhile
        with self.mutex:
            self._powered()
            self.syncs += 1
            state = self.files.pop(os.fstat(fh).st_ino, None)
            if state is not None:
                # Bytes truncated away go first, so that a later extension reads as zeros.
                if state.floor < os.fstat(fh).st_size:
                    os.ftruncate(fh, state.floor)
                for number, block in sorted(state.blocks.items()):
                    start = number * BLOCK
                    if start < state.size:
                        os.pwrite(fh, bytes(block[: min(BLOCK, state.size - start)]), start)
                os.ftruncate(fh, state.size)
            if datasync:
                os.fdatasync(fh)
            else:
                os.fsync(fh)
            return 0

    def fsyncdir(self, path, datasync, fh):
        return 0

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)
        return 0


def control(fs, fifo):
    while True:
        with open(fifo, "r") as commands:
            for line in commands:
                command = line.strip()
                if command == "cut":
                    files, size = fs.cut()
                    print(f"cut {files} {size}", flush=True)
                elif command == "on":
                    fs.power_on()
                    print("on", flush=True)
                elif command == "stats":
                    print("stats %d %d %d" % fs.stats(), flush=True)
                elif command:
                    print(f"unknown command {command!r}", flush=True)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: cutfs.py BACKING MOUNTPOINT CONTROL_FIFO [FSYNC_MS]")
    backing, mountpoint, fifo = sys.argv[1:4]
    fsync_ms = float(sys.argv[4]) if len(sys.argv) == 5 else 0
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    fs = CutFS(backing, fsync_ms)
    threading.Thread(target=control, args=(fs, fifo), daemon=True).start()

    def announce():
        # Ready once the mount answers (fusepy gives no callback after mounting).
        while not os.path.ismount(mountpoint):
            time.sleep(0.02)
        print("ready", flush=True)

    threading.Thread(target=announce, daemon=True).start()
    # attr/entry timeouts 0: stat always asks us, so sizes are right after a cut. No kernel
    # writeback cache: every write() reaches this process at once. Not direct_io: the kernel's page
    # cache backs mmap, which SQLite's -shm needs; it is dropped on every open, so after a cut the
    # next open reads what this process says.
    FUSE(fs, mountpoint, foreground=True, nothreads=False, attr_timeout=0, entry_timeout=0, negative_timeout=0, big_writes=True)


if __name__ == "__main__":
    main()
