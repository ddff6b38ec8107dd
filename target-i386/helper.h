/*
 * The i386 helper list (see include/exec/helper-head.h for the format),
 * one file per part of the front end. No include guard: it is read once
 * for prototypes, once for gen_helper_* and once for the info records.
 */
#include "helper-int.h"
#include "helper-sys.h"
#include "helper-fpu.h"
#include "helper-segchk.h"
