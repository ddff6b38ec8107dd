/* Privilege changes: ring 0 → 3 through iret with a stack switch, back
 * through interrupt gates (stack from the TSS) and call gates (parameter
 * copying, far return to the outer ring), and the checks ring 3 meets. */
#include "ktest.h"

const char *kernel_name = "privilege";
#define CALL_GATE_INDEX GDT_FREE
#define CALL_GATE_SEL ((CALL_GATE_INDEX << 3) | 3)
extern uint8_t ring0_stack[];

/* User-mode snippets; each ends with int $0x80 returning EAX. */
void user_read_cs(void);
void user_int81(void);
void user_cli(void);
void user_hlt(void);
void user_in(void);
void user_read_cr0(void);
void user_int_dpl0_gate(void);
void user_call_gate(void);
void user_cli_sti(void);
void gate_target(void);
uint32_t gate_param, gate_caller_cs, gate_caller_esp, gate_caller_ss, gate_cs;
__asm__(
    ".text\n"
    "user_read_cs: mov %cs, %eax\n int $0x80\n"
    "user_int81: int $0x81\n int $0x80\n"
    "user_cli: cli\n int $0x80\n"
    "user_hlt: hlt\n int $0x80\n"
    "user_in: inb $0x80, %al\n int $0x80\n"
    "user_read_cr0: mov %cr0, %eax\n int $0x80\n"
    "user_int_dpl0_gate: int $0x82\n int $0x80\n"
    "user_cli_sti: cli\n sti\n mov $1, %eax\n int $0x80\n"
    "user_call_gate: mov %esp, %esi\n pushl $0x55aa\n"
    "  lcall $" "0x43" ", $0\n"
    "  sub %esp, %esi\n mov %esi, %eax\n int $0x80\n"
    "gate_target:\n"
    "  mov 8(%esp), %eax\n mov %eax, gate_param\n"
    "  mov 4(%esp), %eax\n mov %eax, gate_caller_cs\n"
    "  mov 12(%esp), %eax\n mov %eax, gate_caller_esp\n"
    "  mov 16(%esp), %eax\n mov %eax, gate_caller_ss\n"
    "  mov %cs, %eax\n mov %eax, gate_cs\n"
    "  lret $4\n");

static volatile uint32_t seen_cs, seen_ss, seen_esp, frame_addr;
static void on_int81(struct trap_frame *f)
{
    seen_cs = f->cs;
    seen_ss = f->ss;
    seen_esp = f->esp;
    frame_addr = (uint32_t)f;
}

void test_main(void)
{
    extern uint8_t user_stack_top[];

    check_eq("ring3-cs", run_user(user_read_cs, 0), USER_CS);

    idt_set_gate(0x81, KERNEL_CS, isr_stub(0x81), GATE_INT32_R3);
    set_trap_handler(0x81, on_int81);
    run_user(user_int81, 0);
    check_eq("int-gate-saved-cs", seen_cs, USER_CS);
    check_eq("int-gate-saved-ss", seen_ss, USER_DS);
    check_eq("int-gate-saved-esp", seen_esp, (uint32_t)user_stack_top);
    check("int-gate-stack-from-tss",
          frame_addr >= (uint32_t)ring0_stack && frame_addr < kernel_tss.esp0,
          "frame at %x, ring-0 stack ends at %x", frame_addr, kernel_tss.esp0);

    /* IOPL 0: sensitive instructions fault in ring 3 */
    EXPECT_EXC("ring3-cli-gp", 13, 0, run_user(user_cli, 0));
    check_eq("ring3-fault-cs", last_exc.cs, USER_CS);
    EXPECT_EXC("ring3-hlt-gp", 13, 0, run_user(user_hlt, 0));
    EXPECT_EXC("ring3-in-gp", 13, 0, run_user(user_in, 0));
    EXPECT_EXC("ring3-mov-cr0-gp", 13, 0, run_user(user_read_cr0, 0));
    /* IOPL 3 lets ring 3 use cli/sti */
    EXPECT_NO_EXC("ring3-iopl3-cli-sti", run_user(user_cli_sti, 3));
    /* a DPL-0 gate called by int n from ring 3: #GP(vector*8 + 2) */
    EXPECT_EXC("ring3-int-dpl0-gate", 13, 0x82 * 8 + 2, run_user(user_int_dpl0_gate, 0));

    /* call gate: ring 3 → ring 0 with one dword parameter copied */
    uint32_t off = (uint32_t)gate_target;
    gdt_set_raw(CALL_GATE_INDEX, (off & 0xffff) | ((uint64_t)KERNEL_CS << 16) |
                ((uint64_t)(0xec00 | 1) << 32) | ((uint64_t)(off >> 16) << 48));
    uint32_t pushed = run_user(user_call_gate, 0);
    check_eq("call-gate-param", gate_param, 0x55aa);
    check_eq("call-gate-cs", gate_cs, KERNEL_CS);
    check_eq("call-gate-caller-cs", gate_caller_cs, USER_CS);
    check_eq("call-gate-caller-ss", gate_caller_ss, USER_DS);
    check_eq("call-gate-caller-esp", gate_caller_esp, (uint32_t)user_stack_top - 4);
    /* lret $4 released the parameter on the outer stack too */
    check_eq("call-gate-return-esp", pushed, 0);
}
