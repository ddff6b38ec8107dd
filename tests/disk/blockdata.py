"""The host's side of disktool's block contents (disktool.c's block_fill):
regenerates a 4 KiB block from (generation, block number) and recognises
one read back from an image, for the commit and crash-safety checks."""

import struct

BLOCK = 4096
_WORDS = BLOCK // 4
_MAGIC = b"CRASHBLK"
# word i of a block is key ^ (i * 0xC2B2AE3D), key from (gen, block): XOR
# the whole index table with the key repeated, as one big integer
_INDEX = int.from_bytes(struct.pack("<%dI" % _WORDS, *((i * 0xC2B2AE3D) & 0xFFFFFFFF
                                                        for i in range(_WORDS))), "little")


def block_fill(gen, block):
    key = ((gen * 0x9E3779B1) ^ (block * 0x85EBCA77)) & 0xFFFFFFFF
    words = _INDEX ^ int.from_bytes(struct.pack("<I", key) * _WORDS, "little")
    data = bytearray(words.to_bytes(BLOCK, "little"))
    data[0:16] = _MAGIC + struct.pack("<II", gen, block)
    return bytes(data)


def block_generation(data, block):
    """The generation DATA was written with as block BLOCK, or None when it
    is not exactly a block_fill() of that block (torn, stale, misplaced)."""
    if len(data) != BLOCK or data[:8] != _MAGIC:
        return None
    gen, who = struct.unpack_from("<II", data, 8)
    if who != block or data != block_fill(gen, block):
        return None
    return gen
