/* The TCGHelperInfo records of the execution core's own helpers (helper-common.h). */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/cpu-common.h"

#define HELPER_COMMON_ONLY
#include "exec/helper-proto.h"
#include "exec/helper-info.c.inc"
