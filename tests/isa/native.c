/* The host side of the ISA differential tests. The code runs in 64-bit
 * mode (this host cannot run 32-bit code: see gen.c), with the 32-bit
 * registers zero-extended, the arithmetic flags and an FXSAVE image
 * loaded, at the same addresses the emulator uses. Faults come back as
 * signals and are turned into the x86 vector. */
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include "native.h"

static struct isa_state run_state;
static sigjmp_buf fault_jmp;
static volatile uint32_t fault_vector;

void native_call(struct isa_state *s, void *code);
__asm__(".text\n"
        "native_call:\n"
        "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
        "  mov %rdi, %r15\n mov %rsi, %r14\n"
        "  fxrstor (%r15)\n"
        "  mov 544(%r15), %eax\n"
        "  push %rax\n popfq\n"
        "  mov 512(%r15), %eax\n mov 516(%r15), %ecx\n mov 520(%r15), %edx\n"
        "  mov 524(%r15), %ebx\n mov 532(%r15), %ebp\n mov 536(%r15), %esi\n"
        "  mov 540(%r15), %edi\n"
        "  call *%r14\n"
        "  pushfq\n"
        "  mov %eax, 512(%r15)\n mov %ecx, 516(%r15)\n mov %edx, 520(%r15)\n"
        "  mov %ebx, 524(%r15)\n mov %ebp, 532(%r15)\n mov %esi, 536(%r15)\n"
        "  mov %edi, 540(%r15)\n"
        "  pop %rax\n mov %eax, 544(%r15)\n"
        "  cld\n"
        "  fxsave (%r15)\n"
        "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
        "  ret\n");

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    run_state.regs[0] = (uint32_t)g[REG_RAX];
    run_state.regs[1] = (uint32_t)g[REG_RCX];
    run_state.regs[2] = (uint32_t)g[REG_RDX];
    run_state.regs[3] = (uint32_t)g[REG_RBX];
    run_state.regs[5] = (uint32_t)g[REG_RBP];
    run_state.regs[6] = (uint32_t)g[REG_RSI];
    run_state.regs[7] = (uint32_t)g[REG_RDI];
    run_state.eflags = (uint32_t)g[REG_EFL];
    if (uc->uc_mcontext.fpregs)
        memcpy(run_state.fx, uc->uc_mcontext.fpregs, 512);
    switch (sig) {
    case SIGFPE: fault_vector = si->si_code == FPE_INTDIV || si->si_code == FPE_INTOVF ? 0 : 16; break;
    case SIGILL: fault_vector = 6; break;
    case SIGTRAP: fault_vector = 3; break;
    default: fault_vector = si->si_code == SEGV_MAPERR ? 14 : 13; break;
    }
    siglongjmp(fault_jmp, 1);
}

bool native_init(void)
{
    void *p = mmap((void *)(uintptr_t)ISA_MEM_ADDR, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *)(uintptr_t)ISA_MEM_ADDR) {
        perror("isa-diff: cannot map the test pages at 0x1000000");
        return false;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    return true;
}

void native_run(const struct gen_case *g, struct isa_state *out)
{
    uint8_t *code = (uint8_t *)(uintptr_t)ISA_CODE_ADDR;
    memcpy((void *)(uintptr_t)ISA_MEM_ADDR, g->c.in.mem, ISA_MEM_SIZE);
    memcpy(code, g->code64, g->code64_len);
    code[g->code64_len] = 0xc3;
    __builtin___clear_cache((char *)code, (char *)code + g->code64_len + 1);
    run_state = g->c.in;
    run_state.vector = ISA_NO_FAULT;
    if (sigsetjmp(fault_jmp, 1) == 0) {
        native_call(&run_state, code);
    } else {
        run_state.vector = fault_vector;
    }
    /* give the host's own code its default FPU/SSE modes back */
    static const uint32_t default_mxcsr = 0x1f80;
    __asm__ volatile("fninit\n ldmxcsr %0" :: "m"(default_mxcsr));
    memcpy(run_state.mem, (void *)(uintptr_t)ISA_MEM_ADDR, ISA_MEM_SIZE);
    *out = run_state;
}
