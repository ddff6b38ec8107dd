/*
 * The CPU state as text, for `-d cpu`, `-d cpu_reset` and the monitor's
 * `info registers`.
 */
#include "qemu/osdep.h"
#include "cpu.h"

static const char seg_names[6][3] = { "ES", "CS", "SS", "DS", "FS", "GS" };

/* one segment cache line: selector, base, limit, raw flags, and a decoding */
static void dump_seg(FILE *f, const char *name, const SegmentCache *sc)
{
    uint32_t fl = sc->flags;

    fprintf(f, "%-3s=%04x %08x %08x %08x", name, sc->selector & 0xffff,
            (uint32_t)sc->base, sc->limit, fl);
    if (!(fl & DESC_P_MASK)) {
        fprintf(f, " (not present)\n");
        return;
    }
    fprintf(f, " DPL=%d", (fl & DESC_DPL_MASK) >> DESC_DPL_SHIFT);
    if (fl & DESC_S_MASK) {
        if (fl & DESC_CS_MASK) {
            fprintf(f, " CS%d [%c%c%c]", (fl & DESC_B_MASK) ? 32 : 16,
                    (fl & DESC_C_MASK) ? 'C' : '-', (fl & DESC_R_MASK) ? 'R' : '-',
                    (fl & DESC_A_MASK) ? 'A' : '-');
        } else {
            fprintf(f, " DS%d [%c%c%c]", (fl & DESC_B_MASK) ? 32 : 16,
                    (fl & DESC_E_MASK) ? 'E' : '-', (fl & DESC_W_MASK) ? 'W' : '-',
                    (fl & DESC_A_MASK) ? 'A' : '-');
        }
    } else {
        static const char *const sys_types[16] = {
            "Reserved", "TSS16-avl", "LDT", "TSS16-busy",
            "CallGate16", "TaskGate", "IntGate16", "TrapGate16",
            "Reserved", "TSS32-avl", "Reserved", "TSS32-busy",
            "CallGate32", "Reserved", "IntGate32", "TrapGate32",
        };
        fprintf(f, " %s", sys_types[(fl & DESC_TYPE_MASK) >> DESC_TYPE_SHIFT]);
    }
    fprintf(f, "\n");
}

static void dump_eflags(FILE *f, uint32_t eflags)
{
    static const struct { uint32_t bit; char name[4]; } bits[] = {
        { ID_MASK, "ID" }, { VIP_MASK, "VIP" }, { VIF_MASK, "VIF" }, { AC_MASK, "AC" },
        { VM_MASK, "VM" }, { RF_MASK, "RF" }, { NT_MASK, "NT" }, { CC_O, "OF" },
        { DF_MASK, "DF" }, { IF_MASK, "IF" }, { TF_MASK, "TF" }, { CC_S, "SF" },
        { CC_Z, "ZF" }, { CC_A, "AF" }, { CC_P, "PF" }, { CC_C, "CF" },
    };

    fprintf(f, "EFL=%08x [", eflags);
    for (size_t i = 0; i < ARRAY_SIZE(bits); i++) {
        if (eflags & bits[i].bit) {
            fprintf(f, " %s", bits[i].name);
        }
    }
    fprintf(f, " ] IOPL=%d", (eflags & IOPL_MASK) >> IOPL_SHIFT);
}

void x86_cpu_dump_state(CPUState *cs, FILE *f)
{
    CPUX86State *env = cpu_env_ptr(cs);
    uint32_t eflags = cpu_compute_eflags(env);

    fprintf(f, "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n",
            (uint32_t)env->regs[R_EAX], (uint32_t)env->regs[R_EBX],
            (uint32_t)env->regs[R_ECX], (uint32_t)env->regs[R_EDX]);
    fprintf(f, "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n",
            (uint32_t)env->regs[R_ESI], (uint32_t)env->regs[R_EDI],
            (uint32_t)env->regs[R_EBP], (uint32_t)env->regs[R_ESP]);
    fprintf(f, "EIP=%08x ", (uint32_t)env->eip);
    dump_eflags(f, eflags);
    fprintf(f, " CPL=%d %s%s HLT=%d II=%d A20=%d\n", env->hflags & HF_CPL_MASK,
            !(env->hflags & HF_PE) ? "real" : (eflags & VM_MASK) ? "v8086" : "protected",
            (env->hflags & HF_CS32) ? "/32" : "/16", cs->halted,
            !!(env->hflags & HF_INHIBIT_IRQ), !!(env->a20_mask & (1u << 20)));
    for (int i = 0; i < 6; i++) {
        dump_seg(f, seg_names[i], &env->segs[i]);
    }
    dump_seg(f, "LDT", &env->ldt);
    dump_seg(f, "TR", &env->tr);
    fprintf(f, "GDT=     %08x %08x\n", (uint32_t)env->gdt.base, env->gdt.limit);
    fprintf(f, "IDT=     %08x %08x\n", (uint32_t)env->idt.base, env->idt.limit);
    fprintf(f, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x EFER=%016" PRIx64 "\n",
            (uint32_t)env->cr[0], (uint32_t)env->cr[2], (uint32_t)env->cr[3],
            (uint32_t)env->cr[4], env->efer);
    fprintf(f, "DR0=%08x DR1=%08x DR2=%08x DR3=%08x DR6=%08x DR7=%08x\n",
            (uint32_t)env->dr[0], (uint32_t)env->dr[1], (uint32_t)env->dr[2],
            (uint32_t)env->dr[3], (uint32_t)env->dr[6], (uint32_t)env->dr[7]);
    fprintf(f, "CCS=%08x CCD=%08x CCO=%u\n", (uint32_t)env->cc_src,
            (uint32_t)env->cc_dst, env->cc_op);

    uint8_t ftw = 0;
    for (int i = 0; i < 8; i++) {
        ftw |= (env->fptags[i] == FPTAG_VALID) << i;
    }
    fprintf(f, "FCW=%04x FSW=%04x [ST=%u] FTW=%02x MXCSR=%08x\n", env->fpuc,
            (env->fpus & ~FPUS_TOP) | ((env->fpstt & 7) << FPUS_TOP_SHIFT),
            env->fpstt & 7, ftw, env->mxcsr);
    for (int i = 0; i < 8; i++) {
        const floatx80 *d = &env->fpregs[i].d;
        fprintf(f, "FPR%d=%04x:%016" PRIx64 "%s", i, d->high, d->low, (i & 3) == 3 ? "\n" : " ");
    }
    for (int i = 0; i < CPU_NB_REGS; i++) {
        fprintf(f, "XMM%02d=%016" PRIx64 "%016" PRIx64 "%s", i, env->xmm_regs[i].q[1],
                env->xmm_regs[i].q[0], (i & 1) ? "\n" : " ");
    }
}
