/* The TCGHelperInfo records of every helper in helper.h (one place only). */
#include "qemu/osdep.h"
#include "cpu.h"
#include "tcg/tcg.h"
#include "exec/helper-proto.h"
#include "exec/helper-info.c.inc"
