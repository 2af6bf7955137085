#!/usr/bin/python3
"""Tests of the power-cut file system on its own: /usr/bin/python3 -m unittest scripts/powerloss/test_cutfs.py

Mounts cutfs.py on a temporary folder (needs /dev/fuse, fusermount and python3-fusepy) and checks
what survives a cut: synced data does, unsynced data does not, whichever descriptor synced it and
after a rename; and that SQLite in WAL mode works on the mount.
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class CutFSTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="cutfs-test-")
        cls.backing = os.path.join(cls.folder, "backing")
        cls.mount = os.path.join(cls.folder, "mount")
        cls.fifo = os.path.join(cls.folder, "control")
        os.mkdir(cls.backing)
        os.mkdir(cls.mount)
        cls.fs = subprocess.Popen([sys.executable, os.path.join(HERE, "cutfs.py"), cls.backing, cls.mount, cls.fifo], stdout=subprocess.PIPE, text=True)
        line = cls.fs.stdout.readline().strip()
        if line != "ready":
            cls.fs.kill()
            raise RuntimeError(f"cutfs did not start: {line!r}")

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["fusermount", "-u", cls.mount], check=False)
        cls.fs.wait(timeout=10)
        cls.fs.stdout.close()
        subprocess.run(["rm", "-rf", cls.folder], check=False)

    def command(self, word):
        with open(self.fifo, "w") as control:
            control.write(word + "\n")
        return self.fs.stdout.readline().split()

    def cut(self):
        reply = self.command("cut")
        self.assertEqual(reply[0], "cut")
        self.assertEqual(self.command("on"), ["on"])
        return int(reply[1]), int(reply[2])

    def path(self, name):
        return os.path.join(self.mount, name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def test_synced_block_survives_and_unsynced_block_does_not(self):
        fd = os.open(self.path("a.bin"), os.O_CREAT | os.O_RDWR, 0o644)
        os.pwrite(fd, b"A" * 4096, 0)
        os.fsync(fd)
        os.pwrite(fd, b"B" * 4096, 4096)
        # Reads see the unsynced block (page-cache semantics), the backing file does not have it.
        self.assertEqual(os.pread(fd, 8192, 0), b"A" * 4096 + b"B" * 4096)
        self.assertEqual(os.fstat(fd).st_size, 8192)
        self.assertEqual(os.path.getsize(os.path.join(self.backing, "a.bin")), 4096)
        os.close(fd)
        files, size = self.cut()
        self.assertGreaterEqual(files, 1)
        self.assertGreaterEqual(size, 4096)
        self.assertEqual(self.read("a.bin"), b"A" * 4096)
        self.assertEqual(os.path.getsize(self.path("a.bin")), 4096)

    def test_an_overwrite_not_synced_reverts_to_the_synced_bytes(self):
        with open(self.path("b.bin"), "wb") as f:
            f.write(b"old!" * 1024)
            f.flush()
            os.fsync(f.fileno())
        with open(self.path("b.bin"), "r+b") as f:
            f.seek(100)
            f.write(b"new")
        self.assertEqual(self.read("b.bin")[100:103], b"new")
        self.cut()
        self.assertEqual(self.read("b.bin"), b"old!" * 1024)

    def test_a_sync_through_another_descriptor_makes_the_write_durable(self):
        writer = os.open(self.path("c.bin"), os.O_CREAT | os.O_RDWR, 0o644)
        os.pwrite(writer, b"written by one descriptor", 0)
        syncer = os.open(self.path("c.bin"), os.O_RDONLY)
        os.fdatasync(syncer)
        os.pwrite(writer, b"NOT SYNCED", 4096 * 3)
        os.close(writer)
        os.close(syncer)
        self.cut()
        self.assertEqual(self.read("c.bin"), b"written by one descriptor")

    def test_unsynced_data_follows_a_rename_and_a_sync_after_it_keeps_it(self):
        with open(self.path("d.tmp"), "wb") as f:
            f.write(b"kept after rename")
            f.flush()
            os.rename(self.path("d.tmp"), self.path("d.bin"))
            os.fsync(f.fileno())
        with open(self.path("e.tmp"), "wb") as f:
            f.write(b"lost after rename")
        os.rename(self.path("e.tmp"), self.path("e.bin"))
        self.assertEqual(self.read("e.bin"), b"lost after rename")
        self.cut()
        self.assertEqual(self.read("d.bin"), b"kept after rename")
        self.assertEqual(self.read("e.bin"), b"")

    def test_truncate_is_cached_until_the_sync(self):
        with open(self.path("f.bin"), "wb") as f:
            f.write(b"x" * 10000)
            os.fsync(f.fileno())
        os.truncate(self.path("f.bin"), 10)
        with open(self.path("f.bin"), "r+b") as f:
            f.seek(5000)
            f.write(b"y")
        # Truncated bytes read as zeros when the file grows again, before and after its sync.
        self.assertEqual(self.read("f.bin"), b"x" * 10 + bytes(4990) + b"y")
        self.cut()
        self.assertEqual(self.read("f.bin"), b"x" * 10000)
        os.truncate(self.path("f.bin"), 10)
        with open(self.path("f.bin"), "r+b") as f:
            f.seek(5000)
            f.write(b"y")
            f.flush()
            os.fsync(f.fileno())
        self.cut()
        self.assertEqual(self.read("f.bin"), b"x" * 10 + bytes(4990) + b"y")

    def test_a_new_file_in_place_of_a_deleted_one_starts_clean(self):
        with open(self.path("g.bin"), "wb") as f:
            f.write(b"unsynced")
        os.unlink(self.path("g.bin"))
        with open(self.path("g.bin"), "wb") as f:
            f.write(b"1")
            f.flush()
            os.fsync(f.fileno())
        self.assertEqual(self.read("g.bin"), b"1")

    def test_nothing_changes_while_the_power_is_off(self):
        with open(self.path("h.bin"), "wb") as f:
            f.write(b"before")
            f.flush()
            os.fsync(f.fileno())
        fd = os.open(self.path("h.bin"), os.O_RDWR)
        self.assertEqual(self.command("cut")[0], "cut")
        try:
            with self.assertRaises(OSError):
                os.pwrite(fd, b"after!", 0)
            with self.assertRaises(OSError):
                os.fsync(fd)
            with self.assertRaises(OSError):
                os.rename(self.path("h.bin"), self.path("h2.bin"))
        finally:
            self.assertEqual(self.command("on"), ["on"])
            os.close(fd)
        self.assertEqual(self.read("h.bin"), b"before")

    def test_sqlite_in_wal_mode_keeps_synced_commits_and_loses_unsynced_ones(self):
        # The writer is killed before the cut, as the power-loss test kills the server.
        db_path = self.path("t.sqlite")
        writer = subprocess.Popen([sys.executable, "-c", SQLITE_WRITER, db_path], stdout=subprocess.PIPE, text=True)
        self.assertEqual(writer.stdout.readline().strip(), "written")
        # Another connection (the -shm is mmapped by both) sees all 100 rows before the cut.
        other = sqlite3.connect(db_path)
        self.assertEqual(other.execute("select count(*) from t").fetchone()[0], 100)
        other.close()
        writer.kill()
        writer.wait()
        writer.stdout.close()
        self.cut()
        reopened = sqlite3.connect(db_path)
        self.assertEqual(reopened.execute("pragma integrity_check").fetchone()[0], "ok")
        self.assertEqual(reopened.execute("select count(*) from t").fetchone()[0], 50)
        reopened.close()


# 50 commits with synchronous = FULL (each fsyncs the WAL), then 50 with OFF (none does).
SQLITE_WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
assert db.execute("pragma journal_mode = wal").fetchone()[0] == "wal"
db.execute("pragma synchronous = full")
db.execute("create table t (id integer primary key, body text)")
for i in range(50):
    db.execute("insert into t (body) values (?)", ("x" * 300,))
db.execute("pragma synchronous = off")
for i in range(50):
    db.execute("insert into t (body) values (?)", ("y" * 300,))
print("written", flush=True)
time.sleep(600)
"""

if __name__ == "__main__":
    unittest.main()
