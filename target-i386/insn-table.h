/*
 * The i386 opcode maps: one row per opcode, OP1 for the one-byte map and
 * OP2 for the two-byte (0F xx) map: OP1(opcode, handler, flags).
 * Flags: M fetch ModRM; ME also compute the memory address into s->A0;
 * MEL also allow LOCK (refined per ModRM.reg in lock_allowed()).
 * Handlers are named by operand form in the manual's notation (E = ModRM
 * r/m, G = ModRM reg, I = immediate, Z = register in the opcode's low
 * bits, b/w/v/z sizes) and take (s, opcode, modrm). Handlers that serve
 * both the byte and the full-size opcode take the size from opcode bit 0.
 * Empty two-byte rows go to the SSE decoder, then #UD; empty one-byte
 * rows (and the prefixes, consumed before lookup) are #UD.
 * Included by translate.c only; no include guard on purpose.
 */

/* ---- one-byte map ---- */
OP1(0x00, arith_E_G, MEL)      /* 00 ADD Eb,Gb */
OP1(0x01, arith_E_G, MEL)      /* 01 ADD Ev,Gv */
OP1(0x02, arith_G_E, ME)       /* 02 ADD Gb,Eb */
OP1(0x03, arith_G_E, ME)       /* 03 ADD Gv,Ev */
OP1(0x04, arith_rAX_I, 0)      /* 04 ADD AL,Ib */
OP1(0x05, arith_rAX_I, 0)      /* 05 ADD eAX,Iz */
OP1(0x06, push_sreg, 0)        /* 06 PUSH ES */
OP1(0x07, pop_sreg, 0)         /* 07 POP ES */
OP1(0x08, arith_E_G, MEL)      /* 08 OR Eb,Gb */
OP1(0x09, arith_E_G, MEL)      /* 09 OR Ev,Gv */
OP1(0x0a, arith_G_E, ME)       /* 0A OR Gb,Eb */
OP1(0x0b, arith_G_E, ME)       /* 0B OR Gv,Ev */
OP1(0x0c, arith_rAX_I, 0)      /* 0C OR AL,Ib */
OP1(0x0d, arith_rAX_I, 0)      /* 0D OR eAX,Iz */
OP1(0x0e, push_sreg, 0)        /* 0E PUSH CS */
OP1(0x10, arith_E_G, MEL)      /* 10 ADC Eb,Gb */
OP1(0x11, arith_E_G, MEL)      /* 11 ADC Ev,Gv */
OP1(0x12, arith_G_E, ME)       /* 12 ADC Gb,Eb */
OP1(0x13, arith_G_E, ME)       /* 13 ADC Gv,Ev */
OP1(0x14, arith_rAX_I, 0)      /* 14 ADC AL,Ib */
OP1(0x15, arith_rAX_I, 0)      /* 15 ADC eAX,Iz */
OP1(0x16, push_sreg, 0)        /* 16 PUSH SS */
OP1(0x17, pop_sreg, 0)         /* 17 POP SS */
OP1(0x18, arith_E_G, MEL)      /* 18 SBB Eb,Gb */
OP1(0x19, arith_E_G, MEL)      /* 19 SBB Ev,Gv */
OP1(0x1a, arith_G_E, ME)       /* 1A SBB Gb,Eb */
OP1(0x1b, arith_G_E, ME)       /* 1B SBB Gv,Ev */
OP1(0x1c, arith_rAX_I, 0)      /* 1C SBB AL,Ib */
OP1(0x1d, arith_rAX_I, 0)      /* 1D SBB eAX,Iz */
OP1(0x1e, push_sreg, 0)        /* 1E PUSH DS */
OP1(0x1f, pop_sreg, 0)         /* 1F POP DS */
OP1(0x20, arith_E_G, MEL)      /* 20 AND Eb,Gb */
OP1(0x21, arith_E_G, MEL)      /* 21 AND Ev,Gv */
OP1(0x22, arith_G_E, ME)       /* 22 AND Gb,Eb */
OP1(0x23, arith_G_E, ME)       /* 23 AND Gv,Ev */
OP1(0x24, arith_rAX_I, 0)      /* 24 AND AL,Ib */
OP1(0x25, arith_rAX_I, 0)      /* 25 AND eAX,Iz */
OP1(0x27, daa, 0)              /* 27 DAA */
OP1(0x28, arith_E_G, MEL)      /* 28 SUB Eb,Gb */
OP1(0x29, arith_E_G, MEL)      /* 29 SUB Ev,Gv */
OP1(0x2a, arith_G_E, ME)       /* 2A SUB Gb,Eb */
OP1(0x2b, arith_G_E, ME)       /* 2B SUB Gv,Ev */
OP1(0x2c, arith_rAX_I, 0)      /* 2C SUB AL,Ib */
OP1(0x2d, arith_rAX_I, 0)      /* 2D SUB eAX,Iz */
OP1(0x2f, das, 0)              /* 2F DAS */
OP1(0x30, arith_E_G, MEL)      /* 30 XOR Eb,Gb */
OP1(0x31, arith_E_G, MEL)      /* 31 XOR Ev,Gv */
OP1(0x32, arith_G_E, ME)       /* 32 XOR Gb,Eb */
OP1(0x33, arith_G_E, ME)       /* 33 XOR Gv,Ev */
OP1(0x34, arith_rAX_I, 0)      /* 34 XOR AL,Ib */
OP1(0x35, arith_rAX_I, 0)      /* 35 XOR eAX,Iz */
OP1(0x37, aaa, 0)              /* 37 AAA */
OP1(0x38, arith_E_G, ME)       /* 38 CMP Eb,Gb */
OP1(0x39, arith_E_G, ME)       /* 39 CMP Ev,Gv */
OP1(0x3a, arith_G_E, ME)       /* 3A CMP Gb,Eb */
OP1(0x3b, arith_G_E, ME)       /* 3B CMP Gv,Ev */
OP1(0x3c, arith_rAX_I, 0)      /* 3C CMP AL,Ib */
OP1(0x3d, arith_rAX_I, 0)      /* 3D CMP eAX,Iz */
OP1(0x3f, aas, 0)              /* 3F AAS */
OP1(0x40, inc_dec_Zv, 0)       /* 40-47 INC Zv */
OP1(0x41, inc_dec_Zv, 0)
OP1(0x42, inc_dec_Zv, 0)
OP1(0x43, inc_dec_Zv, 0)
OP1(0x44, inc_dec_Zv, 0)
OP1(0x45, inc_dec_Zv, 0)
OP1(0x46, inc_dec_Zv, 0)
OP1(0x47, inc_dec_Zv, 0)
OP1(0x48, inc_dec_Zv, 0)       /* 48-4F DEC Zv */
OP1(0x49, inc_dec_Zv, 0)
OP1(0x4a, inc_dec_Zv, 0)
OP1(0x4b, inc_dec_Zv, 0)
OP1(0x4c, inc_dec_Zv, 0)
OP1(0x4d, inc_dec_Zv, 0)
OP1(0x4e, inc_dec_Zv, 0)
OP1(0x4f, inc_dec_Zv, 0)
OP1(0x50, push_Zv, 0)          /* 50-57 PUSH Zv */
OP1(0x51, push_Zv, 0)
OP1(0x52, push_Zv, 0)
OP1(0x53, push_Zv, 0)
OP1(0x54, push_Zv, 0)
OP1(0x55, push_Zv, 0)
OP1(0x56, push_Zv, 0)
OP1(0x57, push_Zv, 0)
OP1(0x58, pop_Zv, 0)           /* 58-5F POP Zv */
OP1(0x59, pop_Zv, 0)
OP1(0x5a, pop_Zv, 0)
OP1(0x5b, pop_Zv, 0)
OP1(0x5c, pop_Zv, 0)
OP1(0x5d, pop_Zv, 0)
OP1(0x5e, pop_Zv, 0)
OP1(0x5f, pop_Zv, 0)
OP1(0x60, pusha, 0)            /* 60 PUSHA/PUSHAD */
OP1(0x61, popa, 0)             /* 61 POPA/POPAD */
OP1(0x62, bound_Gv_Ma, M)      /* 62 BOUND Gv,Ma */
OP1(0x63, arpl_Ew_Gw, ME)      /* 63 ARPL Ew,Gw */
OP1(0x68, push_I, 0)           /* 68 PUSH Iz */
OP1(0x69, imul_Gv_Ev_I, ME)    /* 69 IMUL Gv,Ev,Iz */
OP1(0x6a, push_I, 0)           /* 6A PUSH Ib */
OP1(0x6b, imul_Gv_Ev_I, ME)    /* 6B IMUL Gv,Ev,Ib */
OP1(0x6c, ins, 0)              /* 6C INSB */
OP1(0x6d, ins, 0)              /* 6D INSW/INSD */
OP1(0x6e, outs, 0)             /* 6E OUTSB */
OP1(0x6f, outs, 0)             /* 6F OUTSW/OUTSD */
OP1(0x70, jcc_Jb, 0)           /* 70 JO Jb */
OP1(0x71, jcc_Jb, 0)           /* 71 JNO Jb */
OP1(0x72, jcc_Jb, 0)           /* 72 JB Jb */
OP1(0x73, jcc_Jb, 0)           /* 73 JNB Jb */
OP1(0x74, jcc_Jb, 0)           /* 74 JZ Jb */
OP1(0x75, jcc_Jb, 0)           /* 75 JNZ Jb */
OP1(0x76, jcc_Jb, 0)           /* 76 JBE Jb */
OP1(0x77, jcc_Jb, 0)           /* 77 JNBE Jb */
OP1(0x78, jcc_Jb, 0)           /* 78 JS Jb */
OP1(0x79, jcc_Jb, 0)           /* 79 JNS Jb */
OP1(0x7a, jcc_Jb, 0)           /* 7A JP Jb */
OP1(0x7b, jcc_Jb, 0)           /* 7B JNP Jb */
OP1(0x7c, jcc_Jb, 0)           /* 7C JL Jb */
OP1(0x7d, jcc_Jb, 0)           /* 7D JNL Jb */
OP1(0x7e, jcc_Jb, 0)           /* 7E JLE Jb */
OP1(0x7f, jcc_Jb, 0)           /* 7F JNLE Jb */
OP1(0x80, grp1_E_I, MEL)       /* 80 ADD..CMP Eb,Ib */
OP1(0x81, grp1_E_I, MEL)       /* 81 ADD..CMP Ev,Iz */
OP1(0x82, grp1_E_I, MEL)       /* 82 ADD..CMP Eb,Ib (alias of 80) */
OP1(0x83, grp1_E_I, MEL)       /* 83 ADD..CMP Ev,Ib */
OP1(0x84, test_E_G, ME)        /* 84 TEST Eb,Gb */
OP1(0x85, test_E_G, ME)        /* 85 TEST Ev,Gv */
OP1(0x86, xchg_E_G, MEL)       /* 86 XCHG Eb,Gb */
OP1(0x87, xchg_E_G, MEL)       /* 87 XCHG Ev,Gv */
OP1(0x88, mov_E_G, ME)         /* 88 MOV Eb,Gb */
OP1(0x89, mov_E_G, ME)         /* 89 MOV Ev,Gv */
OP1(0x8a, mov_G_E, ME)         /* 8A MOV Gb,Eb */
OP1(0x8b, mov_G_E, ME)         /* 8B MOV Gv,Ev */
OP1(0x8c, mov_Ev_Sw, ME)       /* 8C MOV Ev,Sw */
OP1(0x8d, lea_Gv_M, M)         /* 8D LEA Gv,M */
OP1(0x8e, mov_Sw_Ew, ME)       /* 8E MOV Sw,Ew */
OP1(0x8f, pop_Ev, M)           /* 8F POP Ev */
OP1(0x90, xchg_Zv_rAX, 0)      /* 90 NOP, F3 90 PAUSE */
OP1(0x91, xchg_Zv_rAX, 0)      /* 91-97 XCHG Zv,eAX */
OP1(0x92, xchg_Zv_rAX, 0)
OP1(0x93, xchg_Zv_rAX, 0)
OP1(0x94, xchg_Zv_rAX, 0)
OP1(0x95, xchg_Zv_rAX, 0)
OP1(0x96, xchg_Zv_rAX, 0)
OP1(0x97, xchg_Zv_rAX, 0)
OP1(0x98, cbw, 0)              /* 98 CBW/CWDE */
OP1(0x99, cwd, 0)              /* 99 CWD/CDQ */
OP1(0x9a, callf_Ap, 0)         /* 9A CALLF Ap */
OP1(0x9b, fwait, 0)            /* 9B FWAIT */
OP1(0x9c, pushf, 0)            /* 9C PUSHF/PUSHFD */
OP1(0x9d, popf, 0)             /* 9D POPF/POPFD */
OP1(0x9e, sahf, 0)             /* 9E SAHF */
OP1(0x9f, lahf, 0)             /* 9F LAHF */
OP1(0xa0, mov_rAX_O, 0)        /* A0 MOV AL,Ob */
OP1(0xa1, mov_rAX_O, 0)        /* A1 MOV eAX,Ov */
OP1(0xa2, mov_O_rAX, 0)        /* A2 MOV Ob,AL */
OP1(0xa3, mov_O_rAX, 0)        /* A3 MOV Ov,eAX */
OP1(0xa4, movs, 0)             /* A4 MOVSB */
OP1(0xa5, movs, 0)             /* A5 MOVSW/MOVSD */
OP1(0xa6, cmps, 0)             /* A6 CMPSB */
OP1(0xa7, cmps, 0)             /* A7 CMPSW/CMPSD */
OP1(0xa8, test_rAX_I, 0)       /* A8 TEST AL,Ib */
OP1(0xa9, test_rAX_I, 0)       /* A9 TEST eAX,Iz */
OP1(0xaa, stos, 0)             /* AA STOSB */
OP1(0xab, stos, 0)             /* AB STOSW/STOSD */
OP1(0xac, lods, 0)             /* AC LODSB */
OP1(0xad, lods, 0)             /* AD LODSW/LODSD */
OP1(0xae, scas, 0)             /* AE SCASB */
OP1(0xaf, scas, 0)             /* AF SCASW/SCASD */
OP1(0xb0, mov_Zb_Ib, 0)        /* B0-B7 MOV Zb,Ib */
OP1(0xb1, mov_Zb_Ib, 0)
OP1(0xb2, mov_Zb_Ib, 0)
OP1(0xb3, mov_Zb_Ib, 0)
OP1(0xb4, mov_Zb_Ib, 0)
OP1(0xb5, mov_Zb_Ib, 0)
OP1(0xb6, mov_Zb_Ib, 0)
OP1(0xb7, mov_Zb_Ib, 0)
OP1(0xb8, mov_Zv_Iv, 0)        /* B8-BF MOV Zv,Iv */
OP1(0xb9, mov_Zv_Iv, 0)
OP1(0xba, mov_Zv_Iv, 0)
OP1(0xbb, mov_Zv_Iv, 0)
OP1(0xbc, mov_Zv_Iv, 0)
OP1(0xbd, mov_Zv_Iv, 0)
OP1(0xbe, mov_Zv_Iv, 0)
OP1(0xbf, mov_Zv_Iv, 0)
OP1(0xc0, grp2_E_Ib, ME)       /* C0 ROL..SAR Eb,Ib */
OP1(0xc1, grp2_E_Ib, ME)       /* C1 ROL..SAR Ev,Ib */
OP1(0xc2, ret_Iw, 0)           /* C2 RET Iw */
OP1(0xc3, ret, 0)              /* C3 RET */
OP1(0xc4, lxs_Gv_Mp, M)        /* C4 LES Gv,Mp */
OP1(0xc5, lxs_Gv_Mp, M)        /* C5 LDS Gv,Mp */
OP1(0xc6, mov_E_I, ME)         /* C6 MOV Eb,Ib */
OP1(0xc7, mov_E_I, ME)         /* C7 MOV Ev,Iz */
OP1(0xc8, enter_Iw_Ib, 0)      /* C8 ENTER Iw,Ib */
OP1(0xc9, leave, 0)            /* C9 LEAVE */
OP1(0xca, retf_Iw, 0)          /* CA RETF Iw */
OP1(0xcb, retf_Iw, 0)          /* CB RETF */
OP1(0xcc, int3, 0)             /* CC INT3 */
OP1(0xcd, int_Ib, 0)           /* CD INT Ib */
OP1(0xce, into, 0)             /* CE INTO */
OP1(0xcf, iret, 0)             /* CF IRET/IRETD */
OP1(0xd0, grp2_E_1, ME)        /* D0 ROL..SAR Eb,1 */
OP1(0xd1, grp2_E_1, ME)        /* D1 ROL..SAR Ev,1 */
OP1(0xd2, grp2_E_CL, ME)       /* D2 ROL..SAR Eb,CL */
OP1(0xd3, grp2_E_CL, ME)       /* D3 ROL..SAR Ev,CL */
OP1(0xd4, aam_Ib, 0)           /* D4 AAM Ib */
OP1(0xd5, aad_Ib, 0)           /* D5 AAD Ib */
OP1(0xd6, salc, 0)             /* D6 SALC (undocumented, on every x86) */
OP1(0xd7, xlat, 0)             /* D7 XLAT */
OP1(0xd8, esc_x87, M)          /* D8-DF x87 escape */
OP1(0xd9, esc_x87, M)
OP1(0xda, esc_x87, M)
OP1(0xdb, esc_x87, M)
OP1(0xdc, esc_x87, M)
OP1(0xdd, esc_x87, M)
OP1(0xde, esc_x87, M)
OP1(0xdf, esc_x87, M)
OP1(0xe0, loop_Jb, 0)          /* E0 LOOPNE Jb */
OP1(0xe1, loop_Jb, 0)          /* E1 LOOPE Jb */
OP1(0xe2, loop_Jb, 0)          /* E2 LOOP Jb */
OP1(0xe3, jcxz_Jb, 0)          /* E3 JCXZ/JECXZ Jb */
OP1(0xe4, in_Ib, 0)            /* E4 IN AL,Ib */
OP1(0xe5, in_Ib, 0)            /* E5 IN eAX,Ib */
OP1(0xe6, out_Ib, 0)           /* E6 OUT Ib,AL */
OP1(0xe7, out_Ib, 0)           /* E7 OUT Ib,eAX */
OP1(0xe8, call_Jz, 0)          /* E8 CALL Jz */
OP1(0xe9, jmp_Jz, 0)           /* E9 JMP Jz */
OP1(0xea, jmpf_Ap, 0)          /* EA JMPF Ap */
OP1(0xeb, jmp_Jb, 0)           /* EB JMP Jb */
OP1(0xec, in_DX, 0)            /* EC IN AL,DX */
OP1(0xed, in_DX, 0)            /* ED IN eAX,DX */
OP1(0xee, out_DX, 0)           /* EE OUT DX,AL */
OP1(0xef, out_DX, 0)           /* EF OUT DX,eAX */
OP1(0xf1, int1, 0)             /* F1 INT1 (ICEBP) */
OP1(0xf4, hlt, 0)              /* F4 HLT */
OP1(0xf5, cmc, 0)              /* F5 CMC */
OP1(0xf6, grp3_E, MEL)         /* F6 TEST/NOT/NEG/MUL/IMUL/DIV/IDIV Eb */
OP1(0xf7, grp3_E, MEL)         /* F7 TEST/NOT/NEG/MUL/IMUL/DIV/IDIV Ev */
OP1(0xf8, clc, 0)              /* F8 CLC */
OP1(0xf9, stc, 0)              /* F9 STC */
OP1(0xfa, cli, 0)              /* FA CLI */
OP1(0xfb, sti, 0)              /* FB STI */
OP1(0xfc, cld, 0)              /* FC CLD */
OP1(0xfd, std, 0)              /* FD STD */
OP1(0xfe, grp4_Eb, MEL)        /* FE INC/DEC Eb */
OP1(0xff, grp5_Ev, MEL)        /* FF INC/DEC/CALL/CALLF/JMP/JMPF/PUSH Ev */

/* ---- two-byte map (0F xx) ---- */
OP2(0x00, grp6_Ew, M)          /* 0F 00 SLDT/STR/LLDT/LTR/VERR/VERW Ew */
OP2(0x01, grp7, M)             /* 0F 01 SGDT/SIDT/LGDT/LIDT/SMSW/LMSW/INVLPG */
OP2(0x02, lar_lsl_Gv_Ew, ME)   /* 0F 02 LAR Gv,Ew */
OP2(0x03, lar_lsl_Gv_Ew, ME)   /* 0F 03 LSL Gv,Ew */
OP2(0x06, clts, 0)             /* 0F 06 CLTS */
OP2(0x08, invd_wbinvd, 0)      /* 0F 08 INVD */
OP2(0x09, invd_wbinvd, 0)      /* 0F 09 WBINVD */
OP2(0x0b, ud, 0)               /* 0F 0B UD2 */
OP2(0x0d, nop_Ev, ME)          /* 0F 0D PREFETCH/PREFETCHW (AMD) */
OP2(0x18, nop_Ev, ME)          /* 0F 18 PREFETCHh and hint NOPs */
OP2(0x19, nop_Ev, ME)          /* 0F 19-1F NOP Ev (hint space) */
OP2(0x1a, nop_Ev, ME)
OP2(0x1b, nop_Ev, ME)
OP2(0x1c, nop_Ev, ME)
OP2(0x1d, nop_Ev, ME)
OP2(0x1e, nop_Ev, ME)
OP2(0x1f, nop_Ev, ME)
OP2(0x20, mov_Rd_Cd, M)        /* 0F 20 MOV Rd,Cd */
OP2(0x21, mov_Rd_Dd, M)        /* 0F 21 MOV Rd,Dd */
OP2(0x22, mov_Cd_Rd, M)        /* 0F 22 MOV Cd,Rd */
OP2(0x23, mov_Dd_Rd, M)        /* 0F 23 MOV Dd,Rd */
OP2(0x30, wrmsr, 0)            /* 0F 30 WRMSR */
OP2(0x31, rdtsc, 0)            /* 0F 31 RDTSC */
OP2(0x32, rdmsr, 0)            /* 0F 32 RDMSR */
OP2(0x33, rdpmc, 0)            /* 0F 33 RDPMC */
OP2(0x34, sysenter, 0)         /* 0F 34 SYSENTER */
OP2(0x35, sysexit, 0)          /* 0F 35 SYSEXIT */
OP2(0x40, cmov_Gv_Ev, ME)      /* 0F 40 CMOVO Gv,Ev */
OP2(0x41, cmov_Gv_Ev, ME)      /* 0F 41 CMOVNO */
OP2(0x42, cmov_Gv_Ev, ME)      /* 0F 42 CMOVB */
OP2(0x43, cmov_Gv_Ev, ME)      /* 0F 43 CMOVNB */
OP2(0x44, cmov_Gv_Ev, ME)      /* 0F 44 CMOVZ */
OP2(0x45, cmov_Gv_Ev, ME)      /* 0F 45 CMOVNZ */
OP2(0x46, cmov_Gv_Ev, ME)      /* 0F 46 CMOVBE */
OP2(0x47, cmov_Gv_Ev, ME)      /* 0F 47 CMOVNBE */
OP2(0x48, cmov_Gv_Ev, ME)      /* 0F 48 CMOVS */
OP2(0x49, cmov_Gv_Ev, ME)      /* 0F 49 CMOVNS */
OP2(0x4a, cmov_Gv_Ev, ME)      /* 0F 4A CMOVP */
OP2(0x4b, cmov_Gv_Ev, ME)      /* 0F 4B CMOVNP */
OP2(0x4c, cmov_Gv_Ev, ME)      /* 0F 4C CMOVL */
OP2(0x4d, cmov_Gv_Ev, ME)      /* 0F 4D CMOVNL */
OP2(0x4e, cmov_Gv_Ev, ME)      /* 0F 4E CMOVLE */
OP2(0x4f, cmov_Gv_Ev, ME)      /* 0F 4F CMOVNLE */
OP2(0x80, jcc_Jz, 0)           /* 0F 80 JO Jz */
OP2(0x81, jcc_Jz, 0)           /* 0F 81 JNO Jz */
OP2(0x82, jcc_Jz, 0)           /* 0F 82 JB Jz */
OP2(0x83, jcc_Jz, 0)           /* 0F 83 JNB Jz */
OP2(0x84, jcc_Jz, 0)           /* 0F 84 JZ Jz */
OP2(0x85, jcc_Jz, 0)           /* 0F 85 JNZ Jz */
OP2(0x86, jcc_Jz, 0)           /* 0F 86 JBE Jz */
OP2(0x87, jcc_Jz, 0)           /* 0F 87 JNBE Jz */
OP2(0x88, jcc_Jz, 0)           /* 0F 88 JS Jz */
OP2(0x89, jcc_Jz, 0)           /* 0F 89 JNS Jz */
OP2(0x8a, jcc_Jz, 0)           /* 0F 8A JP Jz */
OP2(0x8b, jcc_Jz, 0)           /* 0F 8B JNP Jz */
OP2(0x8c, jcc_Jz, 0)           /* 0F 8C JL Jz */
OP2(0x8d, jcc_Jz, 0)           /* 0F 8D JNL Jz */
OP2(0x8e, jcc_Jz, 0)           /* 0F 8E JLE Jz */
OP2(0x8f, jcc_Jz, 0)           /* 0F 8F JNLE Jz */
OP2(0x90, setcc_Eb, ME)        /* 0F 90 SETO Eb */
OP2(0x91, setcc_Eb, ME)        /* 0F 91 SETNO */
OP2(0x92, setcc_Eb, ME)        /* 0F 92 SETB */
OP2(0x93, setcc_Eb, ME)        /* 0F 93 SETNB */
OP2(0x94, setcc_Eb, ME)        /* 0F 94 SETZ */
OP2(0x95, setcc_Eb, ME)        /* 0F 95 SETNZ */
OP2(0x96, setcc_Eb, ME)        /* 0F 96 SETBE */
OP2(0x97, setcc_Eb, ME)        /* 0F 97 SETNBE */
OP2(0x98, setcc_Eb, ME)        /* 0F 98 SETS */
OP2(0x99, setcc_Eb, ME)        /* 0F 99 SETNS */
OP2(0x9a, setcc_Eb, ME)        /* 0F 9A SETP */
OP2(0x9b, setcc_Eb, ME)        /* 0F 9B SETNP */
OP2(0x9c, setcc_Eb, ME)        /* 0F 9C SETL */
OP2(0x9d, setcc_Eb, ME)        /* 0F 9D SETNL */
OP2(0x9e, setcc_Eb, ME)        /* 0F 9E SETLE */
OP2(0x9f, setcc_Eb, ME)        /* 0F 9F SETNLE */
OP2(0xa0, push_sreg, 0)        /* 0F A0 PUSH FS */
OP2(0xa1, pop_sreg, 0)         /* 0F A1 POP FS */
OP2(0xa2, cpuid, 0)            /* 0F A2 CPUID */
OP2(0xa3, bt_Ev_Gv, ME)        /* 0F A3 BT Ev,Gv */
OP2(0xa4, shld_shrd, ME)       /* 0F A4 SHLD Ev,Gv,Ib */
OP2(0xa5, shld_shrd, ME)       /* 0F A5 SHLD Ev,Gv,CL */
OP2(0xa8, push_sreg, 0)        /* 0F A8 PUSH GS */
OP2(0xa9, pop_sreg, 0)         /* 0F A9 POP GS */
OP2(0xab, bt_Ev_Gv, MEL)       /* 0F AB BTS Ev,Gv */
OP2(0xac, shld_shrd, ME)       /* 0F AC SHRD Ev,Gv,Ib */
OP2(0xad, shld_shrd, ME)       /* 0F AD SHRD Ev,Gv,CL */
OP2(0xae, grp15, 0)            /* 0F AE fences, CLFLUSH (fxsave group: SSE) */
OP2(0xaf, imul_Gv_Ev, ME)      /* 0F AF IMUL Gv,Ev */
OP2(0xb0, cmpxchg_E_G, MEL)    /* 0F B0 CMPXCHG Eb,Gb */
OP2(0xb1, cmpxchg_E_G, MEL)    /* 0F B1 CMPXCHG Ev,Gv */
OP2(0xb2, lxs_Gv_Mp, M)        /* 0F B2 LSS Gv,Mp */
OP2(0xb3, bt_Ev_Gv, MEL)       /* 0F B3 BTR Ev,Gv */
OP2(0xb4, lxs_Gv_Mp, M)        /* 0F B4 LFS Gv,Mp */
OP2(0xb5, lxs_Gv_Mp, M)        /* 0F B5 LGS Gv,Mp */
OP2(0xb6, movx_Gv_E, ME)       /* 0F B6 MOVZX Gv,Eb */
OP2(0xb7, movx_Gv_E, ME)       /* 0F B7 MOVZX Gv,Ew */
OP2(0xb9, ud, 0)               /* 0F B9 UD1 */
OP2(0xba, grp8_Ev_Ib, MEL)     /* 0F BA BT/BTS/BTR/BTC Ev,Ib */
OP2(0xbb, bt_Ev_Gv, MEL)       /* 0F BB BTC Ev,Gv */
OP2(0xbc, bsf_bsr_Gv_Ev, ME)   /* 0F BC BSF Gv,Ev */
OP2(0xbd, bsf_bsr_Gv_Ev, ME)   /* 0F BD BSR Gv,Ev */
OP2(0xbe, movx_Gv_E, ME)       /* 0F BE MOVSX Gv,Eb */
OP2(0xbf, movx_Gv_E, ME)       /* 0F BF MOVSX Gv,Ew */
OP2(0xc0, xadd_E_G, MEL)       /* 0F C0 XADD Eb,Gb */
OP2(0xc1, xadd_E_G, MEL)       /* 0F C1 XADD Ev,Gv */
OP2(0xc7, grp9, MEL)           /* 0F C7 CMPXCHG8B Mq */
OP2(0xc8, bswap_Zv, 0)         /* 0F C8-CF BSWAP Zv */
OP2(0xc9, bswap_Zv, 0)
OP2(0xca, bswap_Zv, 0)
OP2(0xcb, bswap_Zv, 0)
OP2(0xcc, bswap_Zv, 0)
OP2(0xcd, bswap_Zv, 0)
OP2(0xce, bswap_Zv, 0)
OP2(0xcf, bswap_Zv, 0)
