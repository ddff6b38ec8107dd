/* rep string instructions that run into a not-present page: the #PF
 * comes with ECX/ESI/EDI showing the progress so far and EIP at the rep
 * instruction; the handler maps the page and the instruction resumes and
 * completes. */
#include "ktest.h"

const char *kernel_name = "repfault";

#define SRC_VA 0x40000000u
#define DST_VA 0x40010000u
static uint8_t src_frames[2][4096] __attribute__((aligned(4096)));
static uint8_t dst_frames[2][4096] __attribute__((aligned(4096)));
static uint32_t *pd;
static volatile uint32_t faults, fault_ecx, fault_edi, fault_esi, fault_cr2, fault_eip;
static volatile uint32_t map_va, map_pa;

static void on_pf(struct trap_frame *f)
{
    faults++;
    fault_ecx = f->ecx;
    fault_edi = f->edi;
    fault_esi = f->esi;
    fault_cr2 = read_cr2();
    fault_eip = f->eip;
    if ((fault_cr2 & ~0xfffu) != map_va || faults > 4) {
        fail("unexpected-page-fault", "cr2 %x eip %x", fault_cr2, f->eip);
        ktest_exit();
    }
    *pte_of(pd, map_va) = map_pa | PTE_P | PTE_W;
    invlpg(map_va);
}

extern char rep_movsb_insn[], rep_stosl_insn[], rep_movsl_down_insn[];

void test_main(void)
{
    pd = paging_build_identity_4k(16, PTE_P | PTE_W);
    *pte_of(pd, SRC_VA) = (uint32_t)src_frames[0] | PTE_P | PTE_W;
    *pte_of(pd, SRC_VA + 0x1000) = (uint32_t)src_frames[1] | PTE_P | PTE_W;
    *pte_of(pd, DST_VA) = (uint32_t)dst_frames[0] | PTE_P | PTE_W;
    paging_enable(pd);
    set_trap_handler(14, on_pf);
    for (int i = 0; i < 4096; i++) {
        src_frames[0][i] = (uint8_t)(i * 7);
        src_frames[1][i] = (uint8_t)(i * 13 + 1);
    }

    /* forward rep movsb from 0x100 before the end of the destination
     * page, 0x300 bytes: faults after 0x100 */
    uint32_t ecx = 0x300, esi = SRC_VA + 0xe00, edi = DST_VA + 0xf00;
    map_va = DST_VA + 0x1000;
    map_pa = (uint32_t)dst_frames[1];
    __asm__ volatile("rep_movsb_insn: rep movsb" : "+c"(ecx), "+S"(esi), "+D"(edi) :: "memory");
    check_eq("movsb-one-fault", faults, 1);
    check_eq("movsb-fault-cr2", fault_cr2, DST_VA + 0x1000);
    check_eq("movsb-fault-eip", fault_eip, (uint32_t)rep_movsb_insn);
    check_eq("movsb-fault-ecx", fault_ecx, 0x200);
    check_eq("movsb-fault-edi", fault_edi, DST_VA + 0x1000);
    check_eq("movsb-fault-esi", fault_esi, SRC_VA + 0xf00);
    check_eq("movsb-final-ecx", ecx, 0);
    check_eq("movsb-final-esi", esi, SRC_VA + 0x1100);
    check_eq("movsb-final-edi", edi, DST_VA + 0x1200);
    bool same = memcmp(&dst_frames[0][0xf00], &src_frames[0][0xe00], 0x100) == 0 &&
                memcmp(&dst_frames[1][0], &src_frames[0][0xf00], 0x100) == 0 &&
                memcmp(&dst_frames[1][0x100], &src_frames[1][0], 0x100) == 0;
    check("movsb-data", same, "copied bytes differ");

    /* rep stosl into an unmapped page, 4-byte elements */
    faults = 0;
    map_va = DST_VA + 0x3000;
    map_pa = (uint32_t)dst_frames[0];
    *pte_of(pd, DST_VA + 0x2000) = (uint32_t)dst_frames[1] | PTE_P | PTE_W;
    invlpg(DST_VA + 0x2000);
    ecx = 0x100;
    edi = DST_VA + 0x2f00;
    __asm__ volatile("rep_stosl_insn: rep stosl" : "+c"(ecx), "+D"(edi) : "a"(0xa5a55a5a) : "memory");
    check_eq("stosl-one-fault", faults, 1);
    check_eq("stosl-fault-ecx", fault_ecx, 0xc0);
    check_eq("stosl-fault-edi", fault_edi, DST_VA + 0x3000);
    check_eq("stosl-final", ecx | (edi ^ (DST_VA + 0x3300)), 0);
    check_eq("stosl-data-last", *(uint32_t *)&dst_frames[0][0x2fc], 0xa5a55a5a);

    /* backwards (DF=1) rep movsl whose source runs down into an unmapped
     * page */
    faults = 0;
    *pte_of(pd, SRC_VA) = 0;
    invlpg(SRC_VA);
    map_va = SRC_VA;
    map_pa = (uint32_t)src_frames[0];
    ecx = 0x80;
    esi = SRC_VA + 0x1000 + 0x7c;      /* 0x20 dwords on the mapped page */
    edi = DST_VA + 0x3ffc;
    __asm__ volatile("std\n rep_movsl_down_insn: rep movsl\n cld"
                     : "+c"(ecx), "+S"(esi), "+D"(edi) :: "memory");
    check_eq("movsl-down-one-fault", faults, 1);
    check_eq("movsl-down-fault-cr2", fault_cr2 & ~3u, SRC_VA + 0xffc);
    check_eq("movsl-down-fault-ecx", fault_ecx, 0x60);
    check_eq("movsl-down-fault-eip", fault_eip, (uint32_t)rep_movsl_down_insn);
    check_eq("movsl-down-final-ecx", ecx, 0);
    check_eq("movsl-down-final-esi", esi, SRC_VA + 0x1000 + 0x7c - 0x200);
    /* dword 0x20 is the first one read from the page that was mapped */
    check_eq("movsl-down-data", *(uint32_t *)&dst_frames[0][0xffc - 0x80],
             *(uint32_t *)&src_frames[0][0xffc]);
    set_trap_handler(14, 0);
    paging_disable();
}
