#!/usr/bin/python3
"""Name the recorded messages of one capture step and write them as hex.

usage: collect.py STEP_DIR OUT_DIR NAME...
STEP_DIR holds NNNN-<udp|tcp>-<req|rep>.der from kdcproxy.py; the files are taken
in exchange order (NNNN, then req before rep) and matched one-to-one with NAME
('-' skips a message).  Each name's prefix fixes the expected outer APPLICATION
tag; a mismatch or a count mismatch is an error, so a changed client behaviour
is noticed instead of silently mislabelled.  Also writes single files:
usage: collect.py --file DER_FILE OUT_DIR NAME
"""
import os
import sys

EXPECT = [("as-req", 10), ("as-rep", 11), ("tgs-req", 12), ("tgs-rep", 13), ("ap-req", 14),
          ("ap-rep", 15), ("krb-cred", 22), ("krb-error", 30), ("gss-", 0)]


def expected_tag(name):
    for prefix, tag in EXPECT:
        if name.startswith(prefix):
            return tag
    raise SystemExit("cannot infer message type of %s" % name)


def write(data, out_dir, name, origin):
    tag = data[0]
    if tag & 0xE0 != 0x60 or tag & 0x1F != expected_tag(name):
        raise SystemExit("%s: %s has outer tag 0x%02x, expected [APPLICATION %d]"
                         % (name, origin, tag, expected_tag(name)))
    with open(os.path.join(out_dir, name + ".hex"), "w") as f:
        f.write(data.hex())
    print("%-52s <- %s" % (name + ".hex", origin))


def main():
    if sys.argv[1] == "--file":
        src, out_dir, name = sys.argv[2:5]
        write(open(src, "rb").read(), out_dir, name, os.path.basename(src))
        return
    step, out_dir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    files = sorted(os.listdir(step), key=lambda f: (f[:4], f.endswith("rep.der")))
    files = [f for f in files if f.endswith(".der")]
    if len(files) != len(names):
        raise SystemExit("%s: %d messages recorded (%s), %d names given"
                         % (step, len(files), " ".join(files), len(names)))
    for f, name in zip(files, names):
        if name != "-":
            write(open(os.path.join(step, f), "rb").read(), out_dir, name,
                  os.path.basename(step) + "/" + f)


if __name__ == "__main__":
    main()
