/* Disassembly for -d in_asm / out_asm (util/disas.c, on capstone when configured). */
#ifndef QEMU_DISAS_H
#define QEMU_DISAS_H

#include "qemu/osdep.h"

/* Host code, as generated into the code cache. */
void disas_host(FILE *f, const void *code, size_t size);

/*
 * Guest code of arch ("i8086", "i386", "x86_64", "arm", "mips", "mipsel", "ppc",
 * "sparc") loaded at guest address vaddr.
 */
void disas_guest(FILE *f, const char *arch, const void *code, size_t size, uint64_t vaddr);

#endif
