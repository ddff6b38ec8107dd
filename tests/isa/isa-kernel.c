/* Harness kernel of the ISA differential tests: runs every case of the
 * multiboot module (see isa-case.h) in flat ring-0 protected mode and
 * streams the resulting states out on COM1. Exceptions raised by a case
 * end it; the state at the fault is reported with the vector. */
#include "ktest.h"
#include "isa-case.h"

const char *kernel_name = "isa";

static struct isa_state state;          /* in before a run, out after */
static uint8_t fx_scratch[512] __attribute__((aligned(16)));
uint32_t isa_saved_esp;

/* Loads state (regs, arithmetic flags), calls the case's code, stores the
 * registers and flags back. A fault lands in on_fault, which resumes at
 * isa_run_out with the state already stored. */
void isa_run(struct isa_state *s);
void isa_run_out(void);
__asm__(".text\n"
        "isa_run:\n"
        "  pusha\n"
        "  mov %esp, isa_saved_esp\n"
        "  mov 36(%esp), %eax\n"
        "  fxrstor (%eax)\n"
        "  pushl 544(%eax)\n"
        "  popf\n"
        "  mov 516(%eax), %ecx\n mov 520(%eax), %edx\n mov 524(%eax), %ebx\n"
        "  mov 532(%eax), %ebp\n mov 536(%eax), %esi\n mov 540(%eax), %edi\n"
        "  mov 512(%eax), %eax\n"
        "  call " "0x01001000" "\n"
        "  pushf\n"
        "  push %eax\n"
        "  mov $state, %eax\n"
        "  popl 512(%eax)\n"
        "  mov %ecx, 516(%eax)\n mov %edx, 520(%eax)\n mov %ebx, 524(%eax)\n"
        "  mov %ebp, 532(%eax)\n mov %esi, 536(%eax)\n mov %edi, 540(%eax)\n"
        "  popl 544(%eax)\n"
        "  movl $0xffffffff, 548(%eax)\n"
        "  cld\n"
        "  fxsave (%eax)\n"
        "isa_run_out:\n"
        "  mov isa_saved_esp, %esp\n"
        "  popa\n"
        "  ret\n");

static void on_fault(struct trap_frame *f)
{
    state.regs[0] = f->eax; state.regs[1] = f->ecx;
    state.regs[2] = f->edx; state.regs[3] = f->ebx;
    state.regs[5] = f->ebp; state.regs[6] = f->esi;
    state.regs[7] = f->edi;
    state.eflags = f->eflags;
    state.vector = f->vector;
    __asm__ volatile("fxsave %0" : "=m"(fx_scratch));
    memcpy(state.fx, fx_scratch, 512);
    f->eip = (uint32_t)isa_run_out;
    f->eflags = 0x2;
}

static void send(const void *p, uint32_t n)
{
    const uint8_t *b = p;
    while (n--)
        serial_putc((char)*b++);
}

void test_main(void)
{
    struct isa_module_header *h = (void *)mb_mod_start;
    if (!mb_mod_start || h->magic != ISA_MODULE_MAGIC || h->case_size != sizeof(struct isa_case)) {
        fail("module", "no ISA case module (-initrd) or a different format");
        return;
    }
    write_cr0((read_cr0() & ~0xcu) | 0x22);     /* EM=0 TS=0 MP=1 NE=1 */
    write_cr4(read_cr4() | 0x600);              /* OSFXSR OSXMMEXCPT */
    for (int v = 0; v < 32; v++)
        set_trap_handler(v, on_fault);

    const struct isa_case *c = (const void *)(h + 1);
    for (uint32_t i = 0; i < h->count; i++, c++) {
        memcpy((void *)ISA_MEM_ADDR, c->in.mem, ISA_MEM_SIZE);
        memcpy((void *)ISA_CODE_ADDR, c->code, c->code_len);
        *(uint8_t *)(ISA_CODE_ADDR + c->code_len) = 0xc3;   /* ret */
        memcpy(&state, &c->in, sizeof state);
        isa_run(&state);
        memcpy(state.mem, (void *)ISA_MEM_ADDR, ISA_MEM_SIZE);
        struct isa_result_header r = { ISA_RESULT_MAGIC, c->index };
        send(&r, sizeof r);
        send((uint8_t *)&state + 512, ISA_STATE_TAIL_SIZE);
        if (c->flags & ISA_CASE_FPU)
            send(state.fx, 512);
    }
    kprintf("\nISA-END %u\n", h->count);
}
