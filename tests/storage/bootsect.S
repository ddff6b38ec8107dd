/*
 * A boot sector for the storage group's SeaBIOS boot checks (boot-test.py).
 * Loaded by the BIOS from a floppy, a hard disk or a no-emulation CD, it
 * reads the next sector of its medium through INT 13h (CHS for a floppy,
 * extended LBA reads otherwise) into 0x8000. That sector starts with the
 * marker "STORAGE!", then 16 bytes naming the medium, then a flag byte:
 * the name goes to COM1 after "BOOTED ", and then the machine either
 * resets (flag 'R', to see the next boot device) or leaves through
 * isa-debug-exit (port 0xf4: status 1). A failed read prints BOOT-FAIL
 * and leaves with status 3.
 */
    .code16
    .text
    .globl _start
_start:
    cli
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x7c00, %sp
    ljmp $0, $1f
1:  sti
    mov %dl, boot_drive
    cmp $0x80, %dl
    jae lba_read
    mov $0x0201, %ax            /* read 1 sector */
    mov $0x8000, %bx
    mov $0x0002, %cx            /* cylinder 0, sector 2 */
    xor %dh, %dh                /* head 0 */
    int $0x13
    jc fail
    jmp check
lba_read:
    mov $0x42, %ah
    mov $dap, %si
    int $0x13
    jc fail
check:
    mov $0x8000, %si
    mov $marker, %di
    mov $8, %cx
    cld
    repe cmpsb
    jne fail
    mov $booted, %si
    call puts
    mov $0x8008, %si
    mov $16, %cx
1:  lodsb
    call putc
    loop 1b
    mov $0x0a, %al
    call putc
    cmpb $'R', 0x8018
    je reset
    mov $0, %al
    outb %al, $0xf4
    hlt
reset:
    mov $0x06, %al              /* hard reset through the reset control register */
    mov $0xcf9, %dx
    outb %al, %dx
    hlt
fail:
    mov $bootfail, %si
    call puts
    mov $1, %al
    outb %al, $0xf4
    hlt

/* print the NUL-terminated string at %si */
puts:
    lodsb
    test %al, %al
    jz 2f
    call putc
    jmp puts
2:  ret

/* %al to COM1 once the transmitter is empty */
putc:
    push %dx
    push %ax
    mov $0x3fd, %dx
1:  inb %dx, %al
    test $0x20, %al
    jz 1b
    pop %ax
    mov $0x3f8, %dx
    outb %al, %dx
    pop %dx
    ret

    .balign 4
dap:
    .byte 16, 0
    .word 1                     /* sectors */
    .word 0x8000, 0             /* buffer */
    .long 1, 0                  /* LBA 1 */
boot_drive:
    .byte 0
marker:
    .ascii "STORAGE!"
booted:
    .asciz "BOOTED "
bootfail:
    .asciz "BOOT-FAIL\n"

    .org 510
    .word 0xaa55
