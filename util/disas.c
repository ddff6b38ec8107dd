/*
 * Disassembly of host and guest code for the debug log. With capstone the
 * instructions are printed; without it (or for an unknown arch) hex bytes.
 */
#include "qemu/osdep.h"
#include "qemu/disas.h"

#ifdef CONFIG_CAPSTONE
#include <capstone.h>
#endif

static void dump_hex(FILE *f, const uint8_t *p, size_t size, uint64_t vaddr)
{
    for (size_t i = 0; i < size; i += 16) {
        fprintf(f, "0x%08" PRIx64 ":", vaddr + i);
        for (size_t j = i; j < size && j < i + 16; j++) {
            fprintf(f, " %02x", p[j]);
        }
        fputc('\n', f);
    }
}

#ifdef CONFIG_CAPSTONE
static bool capstone_mode(const char *arch, cs_arch *a, cs_mode *m)
{
    static const struct {
        const char *name;
        cs_arch arch;
        cs_mode mode;
    } table[] = {
        { "i8086",  CS_ARCH_X86,   CS_MODE_16 },
        { "i386",   CS_ARCH_X86,   CS_MODE_32 },
        { "x86_64", CS_ARCH_X86,   CS_MODE_64 },
        { "arm",    CS_ARCH_ARM,   CS_MODE_ARM },
        { "mips",   CS_ARCH_MIPS,  CS_MODE_MIPS32 | CS_MODE_BIG_ENDIAN },
        { "mipsel", CS_ARCH_MIPS,  CS_MODE_MIPS32 | CS_MODE_LITTLE_ENDIAN },
        { "ppc",    CS_ARCH_PPC,   CS_MODE_32 | CS_MODE_BIG_ENDIAN },
        { "sparc",  CS_ARCH_SPARC, CS_MODE_BIG_ENDIAN },
    };
    for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
        if (!strcmp(table[i].name, arch)) {
            *a = table[i].arch;
            *m = table[i].mode;
            return true;
        }
    }
    return false;
}

/* Print with capstone; bytes it cannot decode are shown in hex. */
static bool disas_capstone(FILE *f, cs_arch arch, cs_mode mode, const uint8_t *code,
                           size_t size, uint64_t vaddr)
{
    csh handle;
    if (cs_open(arch, mode, &handle) != CS_ERR_OK) {
        return false;
    }
    cs_option(handle, CS_OPT_SKIPDATA, CS_OPT_ON);
    cs_insn *insn = cs_malloc(handle);
    const uint8_t *p = code;
    uint64_t addr = vaddr;
    while (size > 0 && cs_disasm_iter(handle, &p, &size, &addr, insn)) {
        fprintf(f, "0x%08" PRIx64 ":  %-8s %s\n", insn->address,
                insn->mnemonic, insn->op_str);
    }
    if (size > 0) {
        dump_hex(f, p, size, addr);
    }
    cs_free(insn, 1);
    cs_close(&handle);
    return true;
}
#endif

void disas_host(FILE *f, const void *code, size_t size)
{
#ifdef CONFIG_CAPSTONE
    if (disas_capstone(f, CS_ARCH_X86, CS_MODE_64, code, size, (uintptr_t)code)) {
        return;
    }
#endif
    dump_hex(f, code, size, (uintptr_t)code);
}

void disas_guest(FILE *f, const char *arch, const void *code, size_t size, uint64_t vaddr)
{
#ifdef CONFIG_CAPSTONE
    cs_arch a;
    cs_mode m;
    if (capstone_mode(arch, &a, &m) && disas_capstone(f, a, m, code, size, vaddr)) {
        return;
    }
#endif
    dump_hex(f, code, size, vaddr);
}
